package deployer.core.spi;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A person's answer to an approval gate, signed off: what they answered, who ({@code user}), from which machine
 * ({@code host}), when, and how ({@code via}: {@code deploy approve}, the terminal's prompt, a timeout's {@code then}).
 */
public record Approval(Answer answer, String user, String host, Instant at, String via) {

    /** What an approval gate may be told. */
    public enum Answer {
        /** The gate passes: the next batch starts. */
        CONTINUE,
        /** The gate fails as any failed gate: a rollout with {@code on_failure: rollback} rolls back. */
        ROLLBACK,
        /** The gate fails and the rollout stops where it is, without a rollback. */
        ABORT;

        /** As users type and read it: {@code continue}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The answer a word names ({@code continue}, {@code rollback}, {@code abort}), if any. */
        public static Optional<Answer> of(String word) {
            return Arrays.stream(values()).filter(a -> a.word().equals(word)).findFirst();
        }
    }

    public Approval {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(via, "via");
    }

    /** Signed off by the operator running this process, now. */
    public static Approval byCurrentOperator(Answer answer, String via) {
        Operator me = Operator.current();
        return new Approval(answer, me.user(), me.host(), Instant.now(), via);
    }

    /** {@code rollback requested by alice@ctl1 at 2026-12-08T01:20:00Z (deploy rollback)}. */
    public String signedOff() {
        return answer.word() + " requested by " + user + "@" + host + " at " + at + " (" + via + ")";
    }
}
