package deployer.core.internal.exec;

import deployer.core.exec.Run;

/**
 * Where a run is in its life, as the operator's Ctrl-Cs and its finishing stages move it: one value, changed only by
 * {@link Run}'s transitions under its lock, read without it.
 *
 * <pre>
 *   RUNNING ──stop──► STOPPED ──abort──► ABORTED          (abort from either; a second abort stays ABORTED)
 *      │ a finishing (always) stage starts; it ends: back to the state without FINISHING_
 *      ▼
 *   FINISHING ──stop──► FINISHING_STOPPED ──abort──► FINISHING_ABORTED ──abort──► GAVE_UP
 * </pre>
 * A finishing stage is what a stopped or aborted run still has to do (release its locks): a stop leaves it alone, the
 * first abort during it lets it go on, the next gives up on it and on the finishing stages after it.
 */
enum RunState {
    RUNNING, STOPPED, ABORTED, FINISHING, FINISHING_STOPPED, FINISHING_ABORTED, GAVE_UP;

    RunState stop() {
        return switch (this) {
            case RUNNING -> STOPPED;
            case FINISHING -> FINISHING_STOPPED;
            default -> this;
        };
    }

    RunState abort() {
        return switch (this) {
            case RUNNING, STOPPED, ABORTED -> ABORTED;
            case FINISHING, FINISHING_STOPPED -> FINISHING_ABORTED;
            case FINISHING_ABORTED, GAVE_UP -> GAVE_UP;
        };
    }

    RunState enterFinishingStage() {
        return switch (this) {
            case RUNNING -> FINISHING;
            case STOPPED -> FINISHING_STOPPED;
            case ABORTED -> FINISHING_ABORTED;
            default -> this;
        };
    }

    RunState leaveFinishingStage() {
        return switch (this) {
            case FINISHING -> RUNNING;
            case FINISHING_STOPPED -> STOPPED;
            case FINISHING_ABORTED -> ABORTED;
            default -> this;
        };
    }

    /** A stop or an abort came: no new work outside the finishing stages. */
    boolean stopRequested() {
        return this != RUNNING && this != FINISHING;
    }

    boolean aborted() {
        return this == ABORTED || this == FINISHING_ABORTED || this == GAVE_UP;
    }

    /** A finishing stage runs and goes on (an abort during it is noted, not acted on). */
    boolean finishing() {
        return this == FINISHING || this == FINISHING_STOPPED || this == FINISHING_ABORTED;
    }

    boolean gaveUp() {
        return this == GAVE_UP;
    }
}
