package deployer.core.internal.exec;

import org.junit.jupiter.api.Test;

import static deployer.core.internal.exec.RunState.ABORTED;
import static deployer.core.internal.exec.RunState.FINISHING;
import static deployer.core.internal.exec.RunState.FINISHING_ABORTED;
import static deployer.core.internal.exec.RunState.FINISHING_STOPPED;
import static deployer.core.internal.exec.RunState.GAVE_UP;
import static deployer.core.internal.exec.RunState.RUNNING;
import static deployer.core.internal.exec.RunState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

/** The run's Ctrl-C ladder, with and without a finishing stage under way. */
class RunStateTest {

    @Test
    void outsideAFinishingStageAStopThenAnAbortEndTheRunAndMoreCtrlCsChangeNothing() {
        assertThat(RUNNING.stop()).isEqualTo(STOPPED);
        assertThat(STOPPED.stop()).isEqualTo(STOPPED);
        assertThat(STOPPED.abort()).isEqualTo(ABORTED);
        assertThat(RUNNING.abort()).isEqualTo(ABORTED);
        assertThat(ABORTED.abort()).isEqualTo(ABORTED);
        assertThat(ABORTED.stop()).isEqualTo(ABORTED);
    }

    @Test
    void duringAFinishingStageTheFirstAbortLetsItGoOnAndTheNextGivesUp() {
        assertThat(FINISHING.stop()).isEqualTo(FINISHING_STOPPED);
        assertThat(FINISHING.abort()).isEqualTo(FINISHING_ABORTED);
        assertThat(FINISHING_STOPPED.abort()).isEqualTo(FINISHING_ABORTED);
        assertThat(FINISHING_ABORTED.stop()).isEqualTo(FINISHING_ABORTED);
        assertThat(FINISHING_ABORTED.abort()).isEqualTo(GAVE_UP);
        assertThat(GAVE_UP.abort()).isEqualTo(GAVE_UP);
        assertThat(GAVE_UP.stop()).isEqualTo(GAVE_UP);
    }

    @Test
    void aFinishingStageKeepsWhatTheOperatorAskedAndHandsItBackWhenItEnds() {
        for (RunState s : new RunState[]{RUNNING, STOPPED, ABORTED}) {
            assertThat(s.enterFinishingStage().leaveFinishingStage()).isEqualTo(s);
            assertThat(s.enterFinishingStage().finishing()).isTrue();
            assertThat(s.enterFinishingStage().stopRequested()).isEqualTo(s.stopRequested());
            assertThat(s.enterFinishingStage().aborted()).isEqualTo(s.aborted());
        }
        assertThat(GAVE_UP.enterFinishingStage()).isEqualTo(GAVE_UP);
        assertThat(GAVE_UP.leaveFinishingStage()).isEqualTo(GAVE_UP);
        assertThat(FINISHING.enterFinishingStage()).isEqualTo(FINISHING);
        assertThat(RUNNING.leaveFinishingStage()).isEqualTo(RUNNING);
    }

    @Test
    void eachStateSaysWhatTheRunMayStillDo() {
        assertThat(RunState.values()).filteredOn(RunState::stopRequested)
                .containsExactly(STOPPED, ABORTED, FINISHING_STOPPED, FINISHING_ABORTED, GAVE_UP);
        assertThat(RunState.values()).filteredOn(RunState::aborted).containsExactly(ABORTED, FINISHING_ABORTED, GAVE_UP);
        assertThat(RunState.values()).filteredOn(RunState::finishing).containsExactly(FINISHING, FINISHING_STOPPED, FINISHING_ABORTED);
        assertThat(RunState.values()).filteredOn(RunState::gaveUp).containsExactly(GAVE_UP);
    }
}
