package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad {@code dfx serve} account options end with a one-line usage error and exit code 2 (issue 11). */
class ServeArgumentsTest {

    @ParameterizedTest
    @CsvSource({"--token-ttl,0", "--token-ttl,-5", "--license-key,' '", "--study,' '"})
    void badServeOption_exitsWithCode2NamingIt(String option, String value) {
        CliTestSupport.Result r = CliTestSupport.run("serve", option, value);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("dfx: ").contains(option);
        assertThat(r.out()).isEmpty();
    }
}
