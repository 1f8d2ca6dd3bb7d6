package deployer.core.internal.host;

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

    /** An abort closes the run's connections to end what runs on them: every one of them, at the same time. */
    @Test
    void closingThePoolClosesEveryHostAtOnceAndANewHostIsRefusedUntilItReopens() throws Exception {
        java.util.Set<String> closed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CountDownLatch allClosing = new CountDownLatch(3);
        HostPool pool = new HostPool((address, user) -> host(user + "@" + address.endpoint(), () -> {
            closed.add(user + "@" + address.endpoint());
            allClosing.countDown();
            // Each close waits for the others to start: closed one after another, the first would never return.
            await(allClosing);
        }));
        RemoteHost app1 = pool.host(HostAddress.parse("app1:22"), "deploy");
        assertThat(pool.host(HostAddress.parse("app1:22"), "deploy")).as("one host per host and user").isSameAs(app1);
        pool.host(HostAddress.parse("app1:22"), "root");
        pool.host(HostAddress.parse("app2:22"), "deploy");

        pool.close();

        assertThat(closed).containsExactlyInAnyOrder("deploy@app1:22", "root@app1:22", "deploy@app2:22");
        assertThat(allClosing.getCount()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.host(HostAddress.parse("app1:22"), "deploy"))
                .isInstanceOf(IllegalStateException.class).hasMessage("the run's hosts are closed");
        assertThat(pool.reopen()).isTrue();
        assertThat(pool.host(HostAddress.parse("app1:22"), "deploy")).as("a fresh connection").isNotSameAs(app1);
        assertThat(pool.reopen()).as("an open pool has nothing to reopen").isFalse();
    }

    @Test
    void aPoolWithoutSshSupportRefusesARemoteHostButGivesLocalOnes() {
        try (HostPool pool = HostPool.localOnly()) {
            assertThat(pool.supportsRemoteHosts()).isFalse();
            assertThat(pool.host(HostAddress.parse("local:web"), null).name()).isEqualTo("local:web");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.host(HostAddress.parse("app1"), null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no SSH support configured");
        }
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
