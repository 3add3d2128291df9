package com.busos.campaign.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/** What one benchmark writes into docs/benchmarks.md: prose, tables, and its headline figures. */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class Section {
    final String title;
    private final StringBuilder body = new StringBuilder();
    /** One-line headline figures, quoted at the top of the document (and in the README). */
    final List<String> headlines = new ArrayList<>();
    /** Figures other code (the smoke test, the summary) may read by name. */
    final Map<String, Double> figures = new LinkedHashMap<>();

    private final long startedNanos = System.nanoTime();
    private String loadBefore = Machine.loadAverage();
    private String finished;

    Section text(String markdown) {
        body.append(markdown.strip()).append("\n\n");
        return this;
    }

    Section table(Table table) {
        body.append(table.markdown()).append('\n');
        return this;
    }

    Section headline(String line) {
        headlines.add(line);
        return this;
    }

    Section figure(String name, double value) {
        figures.put(name, value);
        return this;
    }

    /** Ends the section's clock: its duration and the load average after it are taken now. */
    Section finish() {
        if (finished == null) {
            double seconds = (System.nanoTime() - startedNanos) / 1e9;
            finished = String.format(
                    java.util.Locale.ROOT,
                    "_Ran in %.0f s; load average (1, 5, 15 min) %s before, %s after._%n%n",
                    seconds,
                    loadBefore,
                    Machine.loadAverage());
        }
        return this;
    }

    String markdown() {
        finish();
        return "## " + title + "\n\n" + body + finished;
    }
}
