package dev.dfx.core.archfixture.javabase;

import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.security.auth.Subject;

/** Keeps rule 1: javax.net.ssl, javax.security.auth, arrays and primitives are all java.base. */
public final class CoreUsingJavaBaseOnly {
    Subject subject;
    byte[] bytes = new byte[1];
    int[][] grid;
    List<CompletableFuture<String>> futures = List.of();

    SSLContext context() throws NoSuchAlgorithmException {
        return SSLContext.getDefault();
    }

    System.Logger logger() {
        return System.getLogger(CoreUsingJavaBaseOnly.class.getName());
    }
}
