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
    void openSshFormsCarryAUserAndIpV6AddressesInBrackets() {
        HostAddress a = HostAddress.parse("deploy@be001:2222");
        assertThat(a).extracting(HostAddress::user, HostAddress::hostname, HostAddress::port, HostAddress::key, HostAddress::endpoint)
                .containsExactly("deploy", "be001", 2222, "deploy@be001:2222", "be001:2222");
        assertThat(HostAddress.parse("deploy@be001")).extracting(HostAddress::user, HostAddress::hostname, HostAddress::port)
                .containsExactly("deploy", "be001", 0);
        assertThat(HostAddress.parse("[fe80::1]")).extracting(HostAddress::user, HostAddress::hostname, HostAddress::port)
                .containsExactly(null, "fe80::1", 0);
        assertThat(HostAddress.parse("[::1]:2200")).extracting(HostAddress::hostname, HostAddress::port).containsExactly("::1", 2200);
        HostAddress v6 = HostAddress.parse("ops.1@[2001:db8::7]:22");
        assertThat(v6).extracting(HostAddress::user, HostAddress::hostname, HostAddress::port, HostAddress::endpoint)
                .containsExactly("ops.1", "2001:db8::7", 22, "[2001:db8::7]:22");
        assertThat(HostAddress.parse("be001").explicitUser()).isEmpty();
    }

    @Test
    void malformedUsersAreRejected() {
        assertThatThrownBy(() -> HostAddress.parse("@be001")).hasMessageContaining("expected user@host");
        assertThatThrownBy(() -> HostAddress.parse("a@b@be001")).hasMessageContaining("expected a host name");
        assertThatThrownBy(() -> HostAddress.parse("a b@be001")).hasMessageContaining("expected user@host");
        assertThatThrownBy(() -> HostAddress.parse("deploy@local:web1")).hasMessageContaining("a login user applies to SSH hosts only");
        assertThatThrownBy(() -> HostAddress.parse("deploy@[::1]:0")).hasMessageContaining("port from 1 to 65535");
    }

    @Test
    void malformedAddressesAreRejectedWithWhatWasExpected() {
        assertThatThrownBy(() -> HostAddress.parse("be001:0")).hasMessageContaining("port from 1 to 65535");
        assertThatThrownBy(() -> HostAddress.parse("be 001")).hasMessageContaining("expected a host name");
        assertThatThrownBy(() -> HostAddress.parse("local:")).hasMessageContaining("local:NAME");
        assertThatThrownBy(() -> HostAddress.parse("a;rm -rf /")).hasMessageContaining("expected a host name");
    }
}
