package com.busos.campaign.templatefiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lombok.RequiredArgsConstructor;

/**
 * The sample contacts kept with the templates, {@code samples/<sequence>.json}: the request body of the
 * function that starts the sequence. Their dates are written relative to the day they are used,
 * {@code {{today}}}, {@code {{today-1}}}, {@code {{today+2}}}, so a sample never carries a stale date: the
 * preview and the local gateway's {@code /samples/<sequence>.json} put in the real dates.
 */
@RequiredArgsConstructor
public final class SampleContacts {
    private static final Pattern DAY = Pattern.compile("\\{\\{today(?:([+-])(\\d{1,3}))?}}");

    private final Path folder;

    /** The sample of {@code sequence} (a sequence key such as {@code 5day}) with its dates for {@code today}. */
    public Optional<String> read(String sequence, LocalDate today) {
        if (!sequence.matches("[a-z0-9]{1,32}")) return Optional.empty();
        try {
            return Optional.of(
                    withDates(Files.readString(folder.resolve(sequence + ".json"), StandardCharsets.UTF_8), today));
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code text} with every {@code {{today±N}}} replaced by that ISO date. */
    public static String withDates(String text, LocalDate today) {
        Matcher day = DAY.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (day.find()) {
            long offset = day.group(2) == null ? 0 : Long.parseLong(day.group(2));
            LocalDate date = "-".equals(day.group(1)) ? today.minusDays(offset) : today.plusDays(offset);
            day.appendReplacement(out, date.toString());
        }
        day.appendTail(out);
        return out.toString();
    }
}
