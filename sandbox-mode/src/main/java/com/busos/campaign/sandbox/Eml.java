package com.busos.campaign.sandbox;

import com.busos.campaign.resend.OutgoingEmail;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An email as a standard message file (RFC 5322 / MIME, what a mail client opens as {@code .eml}):
 * the headers a real send carries, the body as {@code text/html; charset=UTF-8} in quoted-printable
 * (so no line is longer than 76 characters, whatever the HTML). Non-ASCII header text is written as
 * RFC 2047 encoded words; every line ends in CRLF.
 */
final class Eml {
    static final String CRLF = "\r\n";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);
    /** {@code Display Name <address>}. */
    private static final Pattern NAME_ADDR = Pattern.compile("^\\s*(.*?)\\s*<([^<>]+)>\\s*$");

    private static final int MAX_LINE = 76;

    private Eml() {}

    /**
     * The message file's text.
     *
     * @param extraHeaders added after the email's own headers (e.g. X-Campaign-Sequence)
     */
    static String message(OutgoingEmail email, String messageId, Instant date, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        header(out, "From", address(email.from()));
        header(out, "To", address(email.to()));
        header(out, "Subject", unstructured(email.subject()));
        header(out, "Date", DATE.format(date.atOffset(ZoneOffset.UTC)));
        header(out, "Message-ID", "<" + messageId + ">");
        header(out, "MIME-Version", "1.0");
        header(out, "Content-Type", "text/html; charset=UTF-8");
        header(out, "Content-Transfer-Encoding", "quoted-printable");
        headers.putAll(email.headers());
        headers.putAll(extraHeaders);
        headers.forEach((name, value) -> header(out, clean(name).replace(":", ""), unstructured(value)));
        out.append(CRLF);
        out.append(quotedPrintable(email.html()));
        return out.toString();
    }

    /** The message id's right-hand side: the sender's domain, as providers do. */
    static String domainOf(String from) {
        Matcher nameAddr = NAME_ADDR.matcher(from);
        String address = nameAddr.matches() ? nameAddr.group(2) : from.trim();
        int at = address.lastIndexOf('@');
        String domain = at < 0 ? "" : address.substring(at + 1).replaceAll("[^A-Za-z0-9.-]", "");
        return domain.isEmpty() ? "sandbox.invalid" : domain;
    }

    private static void header(StringBuilder out, String name, String value) {
        out.append(name).append(": ").append(value).append(CRLF);
    }

    /** {@code Name <a@b>} with the display name encoded when it is not plain ASCII. */
    private static String address(String raw) {
        String value = clean(raw);
        Matcher nameAddr = NAME_ADDR.matcher(value);
        if (!nameAddr.matches() || nameAddr.group(1).isEmpty()) return value;
        String name = nameAddr.group(1);
        String shownName;
        if (!isAscii(name)) shownName = String.join(" ", encodedWords(name));
        else if (name.matches("[A-Za-z0-9!#$%&'*+/=?^_`{|}~ .-]*") && !name.contains("..")) shownName = name;
        else shownName = "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return shownName + " <" + nameAddr.group(2) + ">";
    }

    /** An unstructured header value: ASCII folded at spaces, anything else as folded encoded words. */
    static String unstructured(String raw) {
        String value = clean(raw);
        if (!isAscii(value)) return String.join(CRLF + " ", encodedWords(value));
        StringBuilder folded = new StringBuilder();
        int lineLength = 0;
        for (String word : value.split(" ", -1)) {
            if (lineLength > 0 && lineLength + 1 + word.length() > MAX_LINE) {
                folded.append(CRLF).append(' ');
                lineLength = 1;
            } else if (folded.length() > 0) {
                folded.append(' ');
                lineLength++;
            }
            folded.append(word);
            lineLength += word.length();
        }
        return folded.toString();
    }

    /**
     * RFC 2047 "B" encoded words of at most 75 characters each, cut between characters (never inside
     * a UTF-8 sequence or a surrogate pair).
     */
    static List<String> encodedWords(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int chunkBytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            String character = new String(Character.toChars(codePoint));
            int bytes = character.getBytes(StandardCharsets.UTF_8).length;
            if (chunkBytes + bytes > 45) {
                words.add(encodedWord(chunk.toString()));
                chunk.setLength(0);
                chunkBytes = 0;
            }
            chunk.append(character);
            chunkBytes += bytes;
            i += Character.charCount(codePoint);
        }
        if (chunk.length() > 0 || words.isEmpty()) words.add(encodedWord(chunk.toString()));
        return words;
    }

    private static String encodedWord(String text) {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** Quoted-printable (RFC 2045 §6.7) of the UTF-8 text: hard line breaks as CRLF, soft breaks at 76. */
    static String quotedPrintable(String text) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 8);
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int l = 0; l < lines.length; l++) {
            if (l > 0) out.append(CRLF);
            byte[] bytes = lines[l].getBytes(StandardCharsets.UTF_8);
            int lineLength = 0;
            for (int i = 0; i < bytes.length; i++) {
                int b = bytes[i] & 0xff;
                boolean last = i == bytes.length - 1;
                String token = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last)
                        ? String.valueOf((char) b)
                        : String.format("=%02X", b);
                if (lineLength + token.length() > MAX_LINE - 1) {
                    out.append('=').append(CRLF);
                    lineLength = 0;
                }
                out.append(token);
                lineLength += token.length();
            }
        }
        return out.toString();
    }

    private static String clean(String value) {
        return value == null ? "" : value.replaceAll("[\\r\\n]+", " ").trim();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 126 || (c < 32 && c != '\t')) return false;
        }
        return true;
    }
}
