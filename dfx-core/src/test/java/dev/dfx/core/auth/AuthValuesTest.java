package dev.dfx.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials, JWT claims, regions and token stores (issue 11). */
class AuthValuesTest {
    private static final String SECRET = "s3cr3t-value-91ab";

    private static String jwt(String claims) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + e.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    @Test
    void jwtClaims_readExpIatAndRegion_fromTheMiddleSegment() {
        JwtClaims c = JwtClaims.parse(jwt("{\"exp\":2000,\"iat\":1000,\"Region\":\"eu-central\",\"ID\":\"x\","
                + "\"nested\":{\"a\":[1,2.5,true,null]}}")).orElseThrow();
        assertThat(c.expiresAt()).isEqualTo(Instant.ofEpochSecond(2000));
        assertThat(c.issuedAt()).isEqualTo(Instant.ofEpochSecond(1000));
        assertThat(c.region()).isEqualTo("eu-central");
        assertThat(c.lifetime(Instant.ofEpochSecond(1500))).contains(Duration.ofSeconds(1000));
        assertThat(c.isExpiredAt(Instant.ofEpochSecond(2000))).isTrue();
        assertThat(c.isExpiredAt(Instant.ofEpochSecond(1999))).isFalse();
    }

    @Test
    void notAJwt_hasNoClaims() {
        Stream.of("opaque", "a.b", "a.b.c.d", ".x.", "a.!!!.c", "a." + Base64.getUrlEncoder().encodeToString(
                "[1]".getBytes(StandardCharsets.UTF_8)) + ".c", "a." + Base64.getUrlEncoder().encodeToString(
                "{bad".getBytes(StandardCharsets.UTF_8)) + ".c")
                .forEach(t -> assertThat(JwtClaims.parse(t)).as(t).isEmpty());
        assertThat(JwtClaims.parse(jwt("{}")).orElseThrow().lifetime(Instant.EPOCH)).isEmpty();
    }

    @Test
    void regions_presetsOfSection1_1_andTheirIds() {
        assertThat(DfxRegion.GLOBAL.uri()).isEqualTo(URI.create("wss://api.deepaffex.ai"));
        assertThat(DfxRegion.fromId("na-east")).contains(DfxRegion.NA_EAST);
        assertThat(DfxRegion.fromId("AS_HK")).contains(DfxRegion.AS_HK);
        assertThat(DfxRegion.fromId("cn-north").orElseThrow().uri()).isEqualTo(URI.create("wss://api.deepaffex.cn"));
        assertThat(DfxRegion.fromId("cn-west")).isEmpty();
        assertThat(DfxRegion.values()).hasSize(7);
    }

    @Test
    void secrets_neverInToString() {
        assertThat(new TokenPair(SECRET, SECRET + "r").toString()).doesNotContain(SECRET);
        assertThat(Credentials.tokens(SECRET, SECRET).toString()).doesNotContain(SECRET);
        assertThat(new Credentials.License(SECRET, "LINUX", "n", "i", "v", null).toString()).doesNotContain(SECRET);
        assertThat(new Credentials.User("a@b.c", SECRET, SECRET).toString()).doesNotContain(SECRET)
                .contains("a@b.c");
        assertThat(new JwtClaims(null, null, null).toString()).isNotNull();
    }

    @Test
    void badCredentials_failFastNamingTheField() {
        assertThatThrownBy(() -> new Credentials.License(" ", "L", "n", "i", "v", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> new Credentials.License("k", "L", "n", "i", "v", Duration.ZERO))
                .hasMessageContaining("tokenExpiresIn");
        assertThatThrownBy(() -> new Credentials.User("a", null, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("password");
        assertThatThrownBy(() -> new TokenPair("t", " ")).hasMessageContaining("refreshToken");
    }

    @Test
    void fileStore_roundTrip_atomicReplace_ownerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub").resolve("tokens.json");
        FileTokenStore store = FileTokenStore.of(file);
        assertThat(store.load()).isEmpty();

        store.save(new TokenPair("tok-\u00e9-1", "ref-1"));
        assertThat(store.load()).contains(new TokenPair("tok-\u00e9-1", "ref-1"));
        store.save(new TokenPair("tok-2", null));
        assertThat(FileTokenStore.of(file).load()).contains(new TokenPair("tok-2", null));
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file); // no temporary file left behind
        }
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                    .isEqualTo("rwx------");
        }
        assertThat(store.toString()).contains(file.toString()).doesNotContain("tok-2");
        store.clear();
        assertThat(store.load()).isEmpty();
    }

    @Test
    void fileStore_strictRead_failsNamingTheFileNeverItsContent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens.json");
        for (String bad : new String[] {"{\"Token\":\"" + SECRET + "\",}", "[\"" + SECRET + "\"]",
                "{\"Token\":1}", "{\"Token\":\"" + SECRET + "\"} x", "{\"RefreshToken\":\"" + SECRET + "\"}"}) {
            Files.writeString(file, bad);
            assertThatThrownBy(() -> FileTokenStore.of(file).load()).as(bad).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(file.toString()).hasMessageNotContaining(SECRET)
                    .hasMessageContaining("delete it");
        }
    }

    @Test
    void inMemoryStore_holdsOnePair() {
        TokenStore s = TokenStore.inMemory();
        s.save(new TokenPair("a", "b"));
        assertThat(s.load()).contains(new TokenPair("a", "b"));
        assertThat(s.toString()).doesNotContain("a\"").contains("holds a pair");
        s.clear();
        assertThat(s.load()).isEmpty();
    }
}
