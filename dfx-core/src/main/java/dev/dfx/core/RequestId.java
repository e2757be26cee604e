package dev.dfx.core;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A request id: exactly ten printable ASCII characters chosen by the client and echoed by the server
 * (docs/protocol.md §2.1). The server treats it as opaque; this SDK generates the JS form, the action id plus six random
 * letters {@code [A-Za-z]}, so that a response names its action (e.g. {@code 0510RfGhJk}).
 *
 * @param value the ten characters
 */
public record RequestId(String value) {
    /** The fixed length of a request id on the wire. */
    public static final int LENGTH = 10;
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /**
     * @throws NullPointerException if value is null
     * @throws IllegalArgumentException unless value is 10 printable ASCII characters (0x20..0x7e)
     */
    public RequestId {
        Objects.requireNonNull(value, "value");
        if (value.length() != LENGTH) {
            throw new IllegalArgumentException("value must be " + LENGTH + " characters, got " + value.length());
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("value must be printable ASCII; char " + i + " is "
                        + String.format("\\u%04x", (int) c));
            }
        }
    }

    /**
     * Makes a JS-form id: the action's code plus six random letters.
     *
     * @param action the request's action
     * @param random the randomness (inject a seeded one in tests)
     * @return a new id; uniqueness among requests in flight is the caller's to ensure
     */
    public static RequestId random(ActionId action, RandomGenerator random) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(random, "random");
        char[] chars = new char[LENGTH];
        action.code().getChars(0, 4, chars, 0);
        for (int i = 4; i < LENGTH; i++) {
            chars[i] = LETTERS.charAt(random.nextInt(LETTERS.length()));
        }
        return new RequestId(new String(chars));
    }

    /**
     * @return the action this id names if it has the JS form (four digits first), else empty. Responses carry no
     *     action id, so this is how a client recovers it (docs/protocol.md §2.1).
     */
    public java.util.Optional<ActionId> action() {
        String head = value.substring(0, 4);
        return ActionId.isFourDigits(head) ? java.util.Optional.of(ActionId.of(head)) : java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
