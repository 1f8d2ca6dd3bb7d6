package deployer.core.exec;

import deployer.core.model.HostAddress;
import deployer.core.spi.RemoteHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class HostPoolTest {

    /**
     * The CLI closes the pool at the end while an abort's close may still be ending commands (a TERM's grace, then
     * KILL): the second close must wait for the first, or the process exits before the KILL is sent.
     */
    @Test
    void aSecondCloseReturnsOnlyWhenTheCloseUnderWayHasFinished() throws Exception {
        CountDownLatch closeEntered = new CountDownLatch(1);
        CountDownLatch finishClose = new CountDownLatch(1);
        AtomicInteger closes = new AtomicInteger();
        HostPool pool = new HostPool((address, user) -> host(address.toString(), () -> {
            closes.incrementAndGet();
            closeEntered.countDown();
            await(finishClose);
        }));
        pool.host(HostAddress.parse("app1:22"), "deploy");

        Thread abort = new Thread(pool::close, "abort-close");
        abort.start();
        assertThat(closeEntered.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch secondReturned = new CountDownLatch(1);
        Thread end = new Thread(() -> {
            pool.close();
            secondReturned.countDown();
        }, "end-close");
        end.start();

        assertThat(secondReturned.await(300, TimeUnit.MILLISECONDS)).as("returned while the first close still runs").isFalse();
        finishClose.countDown();
        assertThat(secondReturned.await(10, TimeUnit.SECONDS)).as("returned once the first close finished").isTrue();
        abort.join(10_000);
        assertThat(closes).as("each host closed once").hasValue(1);
    }

    private static RemoteHost host(String name, Runnable onClose) {
        return (RemoteHost) Proxy.newProxyInstance(RemoteHost.class.getClassLoader(), new Class<?>[]{RemoteHost.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> name;
                    case "close" -> {
                        onClose.run();
                        yield null;
                    }
                    case "toString" -> "host " + name;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
