package dev.dfx.core;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A DFX action id: four ASCII digits that open every request frame (docs/protocol.md §2.1, §3).
 *
 * <p>The ids of docs/protocol.md §3 are constants with their group and name. Any other four-digit code stays
 * representable ({@link #of(String)} never refuses a well-formed code), because a server may use ids this
 * version does not list; such an id reports {@link #isKnown()} false. Immutable and thread-safe; equal when the
 * codes are equal.
 */
public final class ActionId {
    private static final Map<String, ActionId> KNOWN = new LinkedHashMap<>();
    private static final Map<String, String> GROUPS = Map.ofEntries(
            Map.entry("01", "General"), Map.entry("02", "Users"), Map.entry("04", "Profiles"),
            Map.entry("05", "Measurements"), Map.entry("07", "Organizations"), Map.entry("08", "Studies"),
            Map.entry("09", "Devices"), Map.entry("11", "Templates"), Map.entry("12", "OrganizationsPrivate"),
            Map.entry("13", "Reports"), Map.entry("14", "Licenses"), Map.entry("23", "Auths"));

    /** 0100 General.Status: a cheap liveness probe. */
    public static final ActionId GENERAL_STATUS = known("0100", "Status");
    /** 0101 General.ListAcceptedMimeTypes. */
    public static final ActionId GENERAL_MIME_TYPES = known("0101", "ListAcceptedMimeTypes");
    /** 0107 General.VerifyToken. */
    public static final ActionId GENERAL_VERIFY_TOKEN = known("0107", "VerifyToken");
    /** 0108 General.Regions. */
    public static final ActionId GENERAL_REGIONS = known("0108", "Regions");
    /** 0200 Users.Create. */
    public static final ActionId USERS_CREATE = known("0200", "Create");
    /** 0201 Users.Login. */
    public static final ActionId USERS_LOGIN = known("0201", "Login");
    /** 0400 Profiles.Create. */
    public static final ActionId PROFILES_CREATE = known("0400", "Create");
    /** 0500 Measurements.Retrieve. */
    public static final ActionId MEASUREMENTS_RETRIEVE = known("0500", "Retrieve");
    /** 0504 Measurements.Create. */
    public static final ActionId MEASUREMENTS_CREATE = known("0504", "Create");
    /** 0506 Measurements.AddData: one chunk (docs/protocol.md §4). */
    public static final ActionId MEASUREMENTS_ADD_DATA = known("0506", "AddData");
    /** 0510 Measurements.Subscribe: result stream (docs/protocol.md §5). */
    public static final ActionId MEASUREMENTS_SUBSCRIBE = known("0510", "Subscribe");
    /** 0700 Organizations.Retrieve. */
    public static final ActionId ORGANIZATIONS_RETRIEVE = known("0700", "Retrieve");
    /** 0705 Organizations.RegisterLicense. */
    public static final ActionId ORGANIZATIONS_REGISTER_LICENSE = known("0705", "RegisterLicense");
    /** 0718 Organizations.LoginWithToken: in-band login (docs/protocol.md §1.3). */
    public static final ActionId ORGANIZATIONS_LOGIN_WITH_TOKEN = known("0718", "LoginWithToken");
    /** 0800 Studies.Types. */
    public static final ActionId STUDIES_TYPES = known("0800", "Types");
    /** 0806 Studies.RetrieveSdkConfigData. */
    public static final ActionId STUDIES_SDK_CONFIG = known("0806", "RetrieveSdkConfigData");
    /** 0900 Devices.Types. */
    public static final ActionId DEVICES_TYPES = known("0900", "Types");
    /** 1100 Templates.ListTemplates. */
    public static final ActionId TEMPLATES_LIST = known("1100", "ListTemplates");
    /** 1200 OrganizationsPrivate.List. */
    public static final ActionId ORGANIZATIONS_PRIVATE_LIST = known("1200", "List");
    /** 1300 Reports.ReportReady. */
    public static final ActionId REPORTS_REPORT_READY = known("1300", "ReportReady");
    /** 1400 Licenses.CreateLicenseAllowedStudy. */
    public static final ActionId LICENSES_CREATE_ALLOWED_STUDY = known("1400", "CreateLicenseAllowedStudy");
    /** 2300 Auths.RequestResetPasswordLink. */
    public static final ActionId AUTHS_SEND_RESET = known("2300", "RequestResetPasswordLink");
    /** 2304 Auths.Renew. */
    public static final ActionId AUTHS_RENEW = known("2304", "Renew");

    private final String code;
    private final String name;
    private final boolean known;

    private ActionId(String code, String name, boolean known) {
        this.code = code;
        this.name = name;
        this.known = known;
    }

    private static ActionId known(String code, String name) {
        ActionId id = new ActionId(code, name, true);
        KNOWN.put(code, id);
        return id;
    }

    /**
     * Looks up or represents a code.
     *
     * @param code exactly four ASCII digits
     * @return the listed id, or an unlisted one ({@link #isKnown()} false)
     * @throws NullPointerException if code is null
     * @throws IllegalArgumentException if code is not four ASCII digits
     */
    public static ActionId of(String code) {
        Objects.requireNonNull(code, "code");
        if (!isFourDigits(code)) {
            throw new IllegalArgumentException("code must be 4 ASCII digits, got '" + printable(code) + "'");
        }
        ActionId id = KNOWN.get(code);
        return id != null ? id : new ActionId(code, "Unknown", false);
    }

    /**
     * Finds a listed id.
     *
     * @param code any string
     * @return the listed id with that code, or empty
     */
    public static Optional<ActionId> lookup(String code) {
        return Optional.ofNullable(code == null ? null : KNOWN.get(code));
    }

    /** @return every id listed in docs/protocol.md §3, in code order */
    public static Collection<ActionId> known() {
        return Collections.unmodifiableCollection(KNOWN.values());
    }

    /** @return the four digits, e.g. {@code "0506"} */
    public String code() {
        return code;
    }

    /** @return the group by the first two digits (e.g. {@code "Measurements"}), or {@code "Unknown"} */
    public String group() {
        return GROUPS.getOrDefault(code.substring(0, 2), "Unknown");
    }

    /** @return the action's name within its group (e.g. {@code "AddData"}), or {@code "Unknown"} */
    public String name() {
        return name;
    }

    /** @return {@code group + "." + name}, e.g. {@code "Measurements.AddData"} */
    public String qualifiedName() {
        return group() + "." + name;
    }

    /** @return true if docs/protocol.md §3 lists this id */
    public boolean isKnown() {
        return known;
    }

    static boolean isFourDigits(String s) {
        if (s.length() != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 32; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return s.length() > 32 ? b + "..." : b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionId && ((ActionId) o).code.equals(code);
    }

    @Override
    public int hashCode() {
        return code.hashCode();
    }

    /** @return e.g. {@code "0506 Measurements.AddData"} */
    @Override
    public String toString() {
        return code + " " + qualifiedName();
    }
}
