package deployer.core.internal.log;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The last line of defence: any logger's event (a library's too) loses the values before an appender sees it. */
class MaskingPolicyTest {

    private final MaskingPolicy policy = new MaskingPolicy(List.of("hunter2", "hunter2-long"));

    private static LogEvent event(String format, Object arg, Throwable thrown) {
        return Log4jLogEvent.newBuilder().setLoggerName("net.schmizz.sshj.connection.channel.direct.SessionChannel")
                .setLevel(Level.DEBUG).setMessage(new ParameterizedMessage(format, arg)).setThrown(thrown).build();
    }

    @Test
    void aLibrarysMessageIsMasked() {
        LogEvent out = policy.rewrite(event("Will request to exec `{}`", "mysql -p hunter2-long; echo hunter2", null));
        assertThat(out.getMessage().getFormattedMessage()).isEqualTo("Will request to exec `mysql -p ********; echo ********`");
        assertThat(out.getLoggerName()).isEqualTo("net.schmizz.sshj.connection.channel.direct.SessionChannel");
        assertThat(out.getLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void anExceptionHoldingAValueBecomesMaskedTextInTheMessage() {
        LogEvent out = policy.rewrite(event("Task {} threw", "1.1", new IllegalStateException("bad password hunter2")));
        assertThat(out.getThrown()).isNull();
        assertThat(out.getMessage().getFormattedMessage()).startsWith("Task 1.1 threw")
                .contains("IllegalStateException: bad password ********").doesNotContain("hunter2");
    }

    @Test
    void anEventWithoutValuesIsPassedOnAsItIs() {
        LogEvent in = event("Connected to {}", "be001", new RuntimeException("timeout"));
        assertThat(policy.rewrite(in)).isSameAs(in);
    }
}
