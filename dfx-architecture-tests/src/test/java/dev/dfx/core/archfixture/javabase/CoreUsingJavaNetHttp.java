package dev.dfx.core.archfixture.javabase;

import java.net.http.HttpClient;

/** Breaks rule 1: core uses {@code java.net.http} (module java.net.http, not java.base). */
public final class CoreUsingJavaNetHttp {
    HttpClient client() {
        return HttpClient.newHttpClient();
    }
}
