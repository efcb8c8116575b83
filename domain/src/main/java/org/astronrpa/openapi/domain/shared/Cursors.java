package org.astronrpa.openapi.domain.shared;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cursors: a {@link Position} as the opaque text a client hands back for the next page ({@code next_cursor} →
 * {@code ?cursor=}). Signed (HMAC-SHA256 with a key the instances share, cut to 128 bits) over the position, the
 * user and the list it was made for, and dated: a cursor that was changed, made up, made for another user or list,
 * or older than {@link #LIFETIME} is refused with a message naming {@code cursor}, never read.
 *
 * <p>Layout before base64url: version (1 byte), issued at (epoch seconds, 8), position time (epoch ms, 8), id length
 * (1) and id (UTF-8), then the 16-byte tag.
 */
public final class Cursors {
    /** How long a cursor is accepted: a day is far longer than paging through any history takes. */
    public static final Duration LIFETIME = Duration.ofHours(24);
    private static final byte VERSION = 1;
    private static final int TAG = 16;
    private static final int MAX_ID = 64;
    /** Longer text than any cursor this class makes is refused before decoding. */
    private static final int MAX_TEXT = 200;
    private static final String FIELD = "cursor";
    private static final String NOT_OURS = "is not a cursor this service gave for this list (changed, cut, or made"
            + " for another list or user): start from the first page and follow next_cursor";

    private final SecretKeySpec key;
    private final TimeSource time;

    /** @param secret what every instance shares (bootstrap derives it from the API key pepper) */
    public Cursors(byte[] secret, TimeSource time) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("a cursor secret needs at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.time = time;
    }

    /** The cursor of {@code position} in {@code list} (a name like {@code executions}) of {@code owner}. */
    public String encode(UserId owner, String list, Position position) {
        byte[] id = position.id().getBytes(StandardCharsets.UTF_8);
        if (id.length > MAX_ID) {
            throw new IllegalArgumentException("ids in cursors are at most " + MAX_ID + " bytes");
        }
        ByteBuffer body = ByteBuffer.allocate(1 + 8 + 8 + 1 + id.length + TAG);
        body.put(VERSION).putLong(time.now().getEpochSecond()).putLong(position.time().toEpochMilli())
                .put((byte) id.length).put(id);
        byte[] bytes = body.array();
        System.arraycopy(tag(bytes, bytes.length - TAG, owner, list), 0, bytes, bytes.length - TAG, TAG);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The position {@code text} names.
     *
     * @throws InvalidInput naming {@code cursor} when it is not one {@link #encode} made for this owner and list, or
     *         it has expired
     */
    public Position decode(UserId owner, String list, String text) {
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            throw InvalidInput.of(FIELD, NOT_OURS);
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            throw InvalidInput.of(FIELD, NOT_OURS);
        }
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(text)) {
            // another spelling of the same bytes (padding, unused low bits of the last character): not as given
            throw InvalidInput.of(FIELD, NOT_OURS);
        }
        if (bytes.length < 1 + 8 + 8 + 1 + 1 + TAG || bytes[0] != VERSION) {
            throw InvalidInput.of(FIELD, NOT_OURS);
        }
        int idLength = bytes[17] & 0xff;
        if (idLength > MAX_ID || bytes.length != 1 + 8 + 8 + 1 + idLength + TAG) {
            throw InvalidInput.of(FIELD, NOT_OURS);
        }
        byte[] expected = tag(bytes, bytes.length - TAG, owner, list);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, bytes.length - TAG, bytes.length))) {
            throw InvalidInput.of(FIELD, NOT_OURS);
        }
        ByteBuffer body = ByteBuffer.wrap(bytes);
        body.get();
        Instant issued = Instant.ofEpochSecond(body.getLong());
        Instant at = Instant.ofEpochMilli(body.getLong());
        if (issued.plus(LIFETIME).isBefore(time.now())) {
            throw InvalidInput.of(FIELD, "has expired (cursors are good for " + LIFETIME.toHours() + " hours): start"
                    + " again from the first page");
        }
        return new Position(at, new String(bytes, 18, idLength, StandardCharsets.UTF_8));
    }

    /**
     * The page a list use case reads: {@code page} itself without a cursor, else the {@code page.pageSize()} rows after
     * the position {@code cursor} names (a cursor with a page number other than 1 is refused naming {@code cursor}).
     */
    public PageRequest pageOf(UserId owner, String list, PageRequest page, String cursor) {
        if (cursor == null) {
            return page;
        }
        if (page.pageNo() != 1) {
            throw InvalidInput.of(FIELD, "cannot be combined with pageNo: a cursor says where the page starts");
        }
        return PageRequest.after(decode(owner, list, cursor), page.pageSize());
    }

    /** The cursor of the page after {@code page}; {@code null} when it is the last. */
    public String nextOf(UserId owner, String list, Page<?> page) {
        return page.next() == null ? null : encode(owner, list, page.next());
    }

    /** The tag of {@code bytes[0, length)} for this owner and list. */
    private byte[] tag(byte[] bytes, int length, UserId owner, String list) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(bytes, 0, length);
            mac.update((byte) 0);
            mac.update(owner.value().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(list.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac.doFinal(), TAG);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
