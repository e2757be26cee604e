package dev.dfx.testkit.server;

/**
 * The state of a licence key on the fake server, set in {@code FakeDfxServer.Builder#license}. It decides how
 * {@code 0705} Organizations.RegisterLicense answers (PROTOCOL.md §1.3, §3.3, §6.3; the statuses are our choice,
 * §8 is silent on them).
 */
public enum LicenseStatus {
    /** Registration succeeds: {@code 200 {Token, RefreshToken, DeviceID, RoleID, UserID}}. */
    ACTIVE,
    /** Registration is refused with {@code 403 LICENSE_EXPIRED}. */
    EXPIRED,
    /** Registration is refused with {@code 403 INACTIVE_LICENSE}. */
    INACTIVE
}
