package deployer.core.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostAddressTest {

    @Test
    void absentAndLocalAreThisMachineAndLocalNamesAreTheirOwnHosts() {
        assertThat(HostAddress.parse(null)).isEqualTo(HostAddress.LOCAL);
        assertThat(HostAddress.parse("local").key()).isEqualTo("local");
        HostAddress web1 = HostAddress.parse("local:web1");
        assertThat(web1.local()).isTrue();
        assertThat(web1.key()).isEqualTo("local:web1");
    }

    @Test
    void otherNamesAreSshHostsWithAnOptionalPort() {
        HostAddress be = HostAddress.parse("be001:2222");
        assertThat(be.local()).isFalse();
        assertThat(be.hostname()).isEqualTo("be001");
        assertThat(be.explicitPort()).contains(2222);
        assertThat(HostAddress.parse("127.0.0.2").explicitPort()).isEmpty();
        assertThat(HostAddress.parse("[::1]:22").hostname()).isEqualTo("::1");
    }

    @Test
    void malformedAddressesAreRejectedWithWhatWasExpected() {
        assertThatThrownBy(() -> HostAddress.parse("be001:0")).hasMessageContaining("port from 1 to 65535");
        assertThatThrownBy(() -> HostAddress.parse("be 001")).hasMessageContaining("expected a host name");
        assertThatThrownBy(() -> HostAddress.parse("local:")).hasMessageContaining("local:NAME");
        assertThatThrownBy(() -> HostAddress.parse("a;rm -rf /")).hasMessageContaining("expected a host name");
    }
}
