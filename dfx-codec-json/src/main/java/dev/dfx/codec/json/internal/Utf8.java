package dev.dfx.codec.json.internal;

/** Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). Stateless. */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * @param a the bytes
     * @param off first byte
     * @param len number of bytes
     * @return true if the range is well-formed UTF-8
     */
    public static boolean isValid(byte[] a, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int b = a[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xff;
            if (b < 0xc2 || b > 0xf4) {
                return false; // continuation byte, overlong 2-byte lead, or beyond U+10FFFF
            }
            if (b < 0xe0) {
                if (i + 1 >= end || !isCont(a[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (b < 0xf0) {
                if (i + 2 >= end || !isCont(a[i + 1]) || !isCont(a[i + 2])) {
                    return false;
                }
                int b1 = a[i + 1] & 0xff;
                if ((b == 0xe0 && b1 < 0xa0) || (b == 0xed && b1 >= 0xa0)) {
                    return false; // overlong, or a UTF-16 surrogate
                }
                i += 3;
            } else {
                if (i + 3 >= end || !isCont(a[i + 1]) || !isCont(a[i + 2]) || !isCont(a[i + 3])) {
                    return false;
                }
                int b1 = a[i + 1] & 0xff;
                if ((b == 0xf0 && b1 < 0x90) || (b == 0xf4 && b1 >= 0x90)) {
                    return false; // overlong, or beyond U+10FFFF
                }
                i += 4;
            }
        }
        return true;
    }

    private static boolean isCont(byte b) {
        return (b & 0xc0) == 0x80;
    }
}
