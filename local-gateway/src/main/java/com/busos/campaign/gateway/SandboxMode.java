package com.busos.campaign.gateway;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.config.Setting;
import com.busos.campaign.html.Html;
import com.busos.campaign.sandbox.Outbox;
import com.busos.campaign.sandbox.OutboxPage;
import com.busos.campaign.sandbox.Sandbox;
import com.busos.campaign.schedule.Schedule;
import com.busos.campaign.schedule.ScheduledSend;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.SequenceEmail;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.sequence.TemplateVariables;
import com.busos.campaign.templatefiles.SampleContacts;
import com.busos.campaign.templatefiles.TemplateFiles;
import com.busos.campaign.templatefiles.TemplatePreview;
import com.busos.campaign.templates.TemplateCheck;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * Sandbox mode of the local gateway, and its pages.
 *
 * <p>With neither a Notion token nor a Resend key anywhere the functions would find one (the secrets
 * folder, system properties, the environment), or with {@code SANDBOX_DIR} set, the gateway runs the
 * campaign in sandbox mode: it sets {@code SANDBOX_DIR} (default {@code <stack folder>/sandbox}),
 * {@code TEMPLATES_DIR} (default {@code <stack folder>/templates}) and, unless set,
 * {@code TESTING_MODE=true} for the functions, which then get a local Notion and an outbox from
 * {@link com.busos.campaign.Campaign} (see {@link Sandbox}). Same functions, same schedule in Redis.
 *
 * <p>Pages: {@code /outbox} (the emails written so far, newest first; sandbox mode only),
 * {@code /outbox/<file>.html|.eml}, {@code /preview} (every template, with the check's result) and
 * {@code /preview/<template name>} (the template rendered for its sequence's sample contact),
 * {@code /samples/<sequence>.json} (the sample contact with its dates for today, ready to post).
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
final class SandboxMode {
    static final String OUTBOX = "/outbox";
    static final String PREVIEW = "/preview";
    static final String SAMPLES = "/samples";
    /** Schedule entries read for the outbox's "still scheduled" table (emails and CRM jobs alike). */
    static final int UPCOMING_READ = 500;

    private final Path folder;
    private final Path templates;
    private final boolean forced;
    /** The system properties sandbox mode sets for the functions (none when off). */
    @Getter(AccessLevel.PACKAGE)
    private final Map<String, String> properties;

    private final Map<String, String> environment;

    /**
     * Decides the mode from what the functions will see.
     *
     * @param secretsDir the secrets folder the functions will read (null: the OpenFaaS default)
     */
    static SandboxMode detect(StackFile stack, Map<String, String> env, String secretsDir) {
        ConfigSource source = new ConfigSource(
                Paths.get(secretsDir == null ? ConfigSource.DEFAULT_SECRETS_DIR : secretsDir),
                System.getProperties(),
                env);
        Path templates = source.get(Setting.TEMPLATES_DIR)
                .map(Paths::get)
                .orElse(stack.directory().resolve(Sandbox.DEFAULT_TEMPLATES_DIR))
                .toAbsolutePath()
                .normalize();
        Optional<String> explicit = source.get(Setting.SANDBOX_DIR);
        boolean credentials = source.get(Setting.NOTION_TOKEN).isPresent()
                || source.get(Setting.RESEND_API_KEY).isPresent();
        if (explicit.isEmpty() && credentials) {
            return new SandboxMode(null, templates, false, Map.of(), env);
        }
        Path folder = explicit.map(Paths::get)
                .orElse(stack.directory().resolve("sandbox"))
                .toAbsolutePath()
                .normalize();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(Setting.SANDBOX_DIR.envName(), folder.toString());
        properties.put(Setting.TEMPLATES_DIR.envName(), templates.toString());
        if (source.get(Setting.TESTING_MODE).isEmpty()) properties.put(Setting.TESTING_MODE.envName(), "true");
        return new SandboxMode(folder, templates, explicit.isPresent() && credentials, properties, env);
    }

    boolean on() {
        return folder != null;
    }

    Optional<Path> folder() {
        return Optional.ofNullable(folder);
    }

    /** The message of the gateway's first line, saying first whether this is the sandbox. */
    String firstLine(String rest, String baseUrl) {
        return firstLine(rest, baseUrl, "");
    }

    /** The same, with {@code notes} (what the sandbox keeps, where its admin token is) after the sandbox part. */
    String firstLine(String rest, String baseUrl, String notes) {
        if (!on()) return rest;
        String testing = properties.containsKey(Setting.TESTING_MODE.envName())
                ? "TESTING_MODE=true (delays in minutes)"
                : "TESTING_MODE as set";
        return "SANDBOX MODE (" + (forced ? "SANDBOX_DIR is set" : "no notion-token, no resend-api-key")
                + "): nothing is sent, Notion is " + folder.resolve("notion") + " with the templates of " + templates
                + ", emails go to " + folder.resolve("outbox") + " (" + baseUrl + OUTBOX + "); " + testing
                + notes + " | " + rest;
    }

    boolean handles(String path) {
        return path.equals(OUTBOX)
                || path.startsWith(OUTBOX + "/")
                || path.equals(PREVIEW)
                || path.startsWith(PREVIEW + "/")
                || path.startsWith(SAMPLES + "/");
    }

    int serve(HttpExchange exchange, String path) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (path.equals(OUTBOX) || path.equals(OUTBOX + "/")) {
            if (!on())
                return text(exchange, 404, "not in sandbox mode: emails are sent through Resend, not to an outbox");
            Outbox outbox = new Outbox(folder.resolve("outbox"), Clock.systemUTC());
            String page;
            try {
                page = outboxPage(outbox);
            } catch (RuntimeException unreadable) { // Redis down: the outbox is still worth showing
                page = OutboxPage.render(outbox.list(), OUTBOX + "/", "the schedule could not be read: " + unreadable);
            }
            return send(exchange, 200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
        }
        if (path.startsWith(SAMPLES + "/")) {
            String name = path.substring(SAMPLES.length() + 1);
            Optional<String> sample = name.endsWith(".json")
                    ? new SampleContacts(templates.resolve("samples"))
                            .read(name.substring(0, name.length() - ".json".length()), LocalDate.now(ZoneOffset.UTC))
                    : Optional.empty();
            if (sample.isEmpty()) return text(exchange, 404, "no such sample: " + path);
            return send(exchange, 200, "application/json", sample.get().getBytes(StandardCharsets.UTF_8));
        }
        if (path.startsWith(OUTBOX + "/")) {
            if (!on()) return text(exchange, 404, "not in sandbox mode");
            Optional<Path> file =
                    new Outbox(folder.resolve("outbox"), Clock.systemUTC()).file(path.substring(OUTBOX.length() + 1));
            if (file.isEmpty()) return text(exchange, 404, "no such email in the outbox: " + path);
            String type = file.get().toString().endsWith(".eml") ? "message/rfc822" : "text/html; charset=utf-8";
            return send(exchange, 200, type, Files.readAllBytes(file.get()));
        }
        TemplateFiles files = new TemplateFiles(templates);
        TemplatePreview preview = new TemplatePreview(
                files::find,
                templates.resolve("samples"),
                new TemplateVariables(config().campaignDeadline(), Clock.systemUTC()));
        if (path.equals(PREVIEW) || path.equals(PREVIEW + "/")) {
            return send(
                    exchange,
                    200,
                    "text/html; charset=utf-8",
                    previewIndex(files, preview).getBytes(StandardCharsets.UTF_8));
        }
        String name = path.substring(PREVIEW.length() + 1);
        try {
            TemplatePreview.Rendered rendered = preview.render(name);
            exchange.getResponseHeaders().set("X-Preview-To", rendered.to());
            exchange.getResponseHeaders().set("X-Preview-Subject", asciiHeader(rendered.subject()));
            return send(
                    exchange, 200, "text/html; charset=utf-8", rendered.html().getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException unknown) {
            return text(exchange, 404, unknown.getMessage());
        }
    }

    /** Every template a sequence uses: its rendered subject, a link to its preview, and the check's verdict. */
    private String previewIndex(TemplateFiles files, TemplatePreview preview) {
        TemplateCheck.Report report = new TemplateCheck(files::find).run();
        StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>Template previews</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
                + "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4em .6em;border-bottom:1px solid #ddd;"
                + "vertical-align:top}th{background:#f4f4f4}.bad{color:#b00020}</style>\n</head>\n<body>\n"
                + "<h1>Template previews</h1>\n<p>The files in " + Html.escape(templates.toString())
                + ", rendered for the sample contacts in samples/. Nothing is sent.</p>\n<table>\n<thead><tr><th>Sequence</th>"
                + "<th>Email</th><th>Template</th><th>Subject</th><th>Check</th></tr></thead>\n<tbody>\n");
        for (Sequence sequence : Sequences.all()) {
            for (SequenceEmail email : sequence.emails()) {
                String subject;
                try {
                    subject = Html.escape(preview.render(email.template()).subject());
                } catch (IllegalArgumentException | java.io.UncheckedIOException failure) {
                    subject = "<span class=\"bad\">" + Html.escape(failure.getMessage()) + "</span>";
                }
                StringBuilder check = new StringBuilder();
                for (TemplateCheck.Problem problem : report.problemsOf(email.template())) {
                    check.append("<div class=\"bad\">")
                            .append(Html.escape(problem.message()))
                            .append("</div>");
                }
                page.append("<tr><td>")
                        .append(Html.escape(sequence.key()))
                        .append("</td><td>")
                        .append(email.number())
                        .append("</td><td><a href=\"")
                        .append(PREVIEW)
                        .append('/')
                        .append(URLEncoder.encode(email.template(), StandardCharsets.UTF_8)
                                .replace("+", "%20"))
                        .append("\">")
                        .append(Html.escape(email.template()))
                        .append("</a></td><td>")
                        .append(subject)
                        .append("</td><td>")
                        .append(check.length() == 0 ? "ok" : check.toString())
                        .append("</td></tr>\n");
            }
        }
        return page.append("</tbody>\n</table>\n</body>\n</html>\n").toString();
    }

    /**
     * The outbox page with the emails still on the schedule: those among its first {@link #UPCOMING_READ}
     * entries are counted by id (a CRM job's is {@code crm:…}), and only the ones the page shows are read.
     */
    private String outboxPage(Outbox outbox) {
        List<OutboxPage.Upcoming> upcoming = new ArrayList<>();
        long emails = 0;
        try (Campaign campaign = new Campaign(config(), Clock.systemUTC())) {
            Schedule schedule = campaign.schedule();
            for (Map.Entry<String, Instant> next :
                    schedule.nextScheduled(UPCOMING_READ).entrySet()) {
                if (Schedule.isJobId(next.getKey())) continue;
                emails++;
                if (upcoming.size() == OutboxPage.UPCOMING_SHOWN) continue;
                String payload = schedule.inspect(next.getKey()).get("payload");
                if (payload == null) continue; // sent meanwhile
                ScheduledSend send = ScheduledSend.fromJson(payload);
                upcoming.add(new OutboxPage.Upcoming(
                        next.getValue(), send.email(), send.sequence(), send.emailNumber(), send.template()));
            }
        }
        return OutboxPage.render(outbox.list(), upcoming, emails, OUTBOX + "/");
    }

    /** The functions' configuration (in sandbox mode with its defaults: the deadline ahead). */
    private CampaignConfig config() {
        return Sandbox.filledIn(CampaignConfig.from(
                new ConfigSource(Paths.get(ConfigSource.DEFAULT_SECRETS_DIR), System.getProperties(), environment)));
    }

    private static String asciiHeader(String text) {
        return text.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static int text(HttpExchange exchange, int status, String body) throws IOException {
        return send(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static int send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head) exchange.getResponseBody().write(body);
        return status;
    }
}
