package com.busos.campaign.templates;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * Whether an email's HTML is well-formed in the sense that matters for a template: every element that
 * is not void is closed, in order; comments are closed; tags end with {@code >}. A small tokenizer
 * (comments, doctype, start and end tags with quoted attributes, raw text of script and style), not
 * a full HTML parser: templates are written with every end tag, so an omitted optional end tag (a
 * {@code <p>} or {@code <li>} left open) is reported too.
 */
public final class HtmlCheck {
    /** Elements that never have an end tag (HTML Living Standard, plus obsolete ones still seen in emails). */
    static final Set<String> VOID = Set.of(
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "param",
            "source",
            "track",
            "wbr",
            "basefont",
            "frame",
            "keygen");

    private static final Set<String> RAW_TEXT = Set.of("script", "style", "title", "textarea");

    private final String html;
    private final int[] lineStarts;
    private final List<String> problems = new ArrayList<>();

    private HtmlCheck(String html) {
        this.html = html;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < html.length(); i++) if (html.charAt(i) == '\n') starts.add(i + 1);
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The problems of the HTML, each naming the tag and its line (1-based, in the body); empty when none. */
    public static List<String> problems(String html) {
        HtmlCheck check = new HtmlCheck(html);
        check.run();
        return check.problems;
    }

    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    private static final class Open {
        final String name;
        final int line;
    }

    private void run() {
        Deque<Open> open = new ArrayDeque<>();
        int n = html.length();
        int i = 0;
        while (i < n) {
            if (html.charAt(i) != '<') {
                i++;
                continue;
            }
            if (html.startsWith("<!--", i)) {
                int end = html.indexOf("-->", i + 4);
                if (end < 0) {
                    problems.add("comment opened on line " + line(i) + " is never closed (-->)");
                    return;
                }
                i = end + 3;
                continue;
            }
            if (i + 1 < n && (html.charAt(i + 1) == '!' || html.charAt(i + 1) == '?')) {
                int end = html.indexOf('>', i);
                if (end < 0) {
                    problems.add("declaration on line " + line(i) + " has no closing '>'");
                    return;
                }
                i = end + 1;
                continue;
            }
            boolean closing = i + 1 < n && html.charAt(i + 1) == '/';
            int nameStart = i + (closing ? 2 : 1);
            if (nameStart >= n || !isAsciiLetter(html.charAt(nameStart))) {
                i++; // a '<' in text, e.g. "a < b"
                continue;
            }
            int nameEnd = nameStart;
            while (nameEnd < n && isNameChar(html.charAt(nameEnd))) nameEnd++;
            String name = html.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT);
            int end = tagEnd(nameEnd);
            int line = line(i);
            if (end < 0) {
                problems.add("<" + (closing ? "/" : "") + name + "> on line " + line + " has no closing '>'");
                return;
            }
            boolean selfClosing = !closing && html.charAt(end - 1) == '/';
            i = end + 1;
            if (closing) {
                close(open, name, line);
            } else if (VOID.contains(name)) {
                continue;
            } else if (selfClosing) {
                problems.add("<" + name + "/> on line " + line + ": \"/>\" does not close a <" + name
                        + "> in HTML (only void elements such as <br/> may be written so); write <" + name + "></"
                        + name + ">");
            } else if (RAW_TEXT.contains(name)) {
                int close = indexOfIgnoreCase("</" + name, i);
                if (close < 0) {
                    problems.add("<" + name + "> opened on line " + line + " is never closed");
                    return;
                }
                i = close;
                open.push(new Open(name, line));
            } else {
                open.push(new Open(name, line));
            }
        }
        List<Open> left = new ArrayList<>(open);
        for (int k = left.size() - 1; k >= 0; k--) {
            problems.add("<" + left.get(k).name + "> opened on line " + left.get(k).line + " is never closed");
        }
    }

    private void close(Deque<Open> open, String name, int line) {
        if (VOID.contains(name)) {
            problems.add("</" + name + "> on line " + line + ": <" + name + "> is a void element and has no end tag");
            return;
        }
        boolean found = false;
        for (Iterator<Open> it = open.iterator(); it.hasNext(); ) {
            if (it.next().name.equals(name)) {
                found = true;
                break;
            }
        }
        if (!found) {
            problems.add("</" + name + "> on line " + line + " closes no open <" + name + ">");
            return;
        }
        while (true) {
            Open top = open.pop();
            if (top.name.equals(name)) return;
            problems.add("<" + top.name + "> opened on line " + top.line + " is never closed (</" + name + "> on line "
                    + line + " comes first)");
        }
    }

    /** The index of the tag's '>', skipping quoted attribute values; -1 when there is none. */
    private int tagEnd(int from) {
        char quote = 0;
        for (int k = from; k < html.length(); k++) {
            char c = html.charAt(k);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return k;
            } else if (c == '<') {
                return -1;
            }
        }
        return -1;
    }

    private int indexOfIgnoreCase(String needle, int from) {
        for (int k = from; k + needle.length() <= html.length(); k++) {
            if (html.regionMatches(true, k, needle, 0, needle.length())) return k;
        }
        return -1;
    }

    private int line(int index) {
        int found = Arrays.binarySearch(lineStarts, index);
        return found >= 0 ? found + 1 : -found - 1;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNameChar(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '_';
    }
}
