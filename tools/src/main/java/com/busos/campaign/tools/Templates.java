package com.busos.campaign.tools;

import com.busos.campaign.Campaign;
import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.config.MissingConfigurationException;
import com.busos.campaign.config.Setting;
import com.busos.campaign.http.ProviderException;
import com.busos.campaign.notion.DataSourceConfigurationException;
import com.busos.campaign.sandbox.Sandbox;
import com.busos.campaign.sequence.EmailTemplate;
import com.busos.campaign.sequence.TemplateVariables;
import com.busos.campaign.templatefiles.TemplateFiles;
import com.busos.campaign.templatefiles.TemplatePreview;
import com.busos.campaign.templates.NotionTemplates;
import com.busos.campaign.templates.TemplateCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * The template files ({@code templates/<Template Name>.html}) and Notion's Email Templates database:
 * <pre>
 *   push [--force] [name…]      files → Notion (create or update by Template Name); checks the files first
 *   pull [name…]                Notion → files (default: every template a sequence uses)
 *   check [--notion]            checks the files (or Notion's database): a table, exit 1 on any problem
 *   preview &lt;name&gt; [--notion] [--out file]   renders a template for its sequence's sample contact
 *   preview --all --out &lt;folder&gt;            renders every template
 *   options: --dir &lt;folder&gt; (default TEMPLATES_DIR, else templates)
 * </pre>
 * Configured like the functions: secrets from SECRETS_DIR (default {@code ./.secrets} when it exists),
 * system properties and the environment: NOTION_TOKEN, NOTION_EMAIL_TEMPLATES_DB_ID (and, when that
 * database has several data sources, NOTION_EMAIL_TEMPLATES_DATA_SOURCE_ID), NOTION_BASE_URL,
 * CAMPAIGN_DEADLINE. SANDBOX_DIR is ignored: these commands are about the real Notion and the files.
 * Exit status: 0 done, 1 problems found (check, push refused, pull of a missing template), 2 usage or
 * configuration error, or Notion refused.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public final class Templates {
    static final String USAGE = String.join(
            "\n",
            "usage: campaign-templates.sh <command> [options]",
            "  push [--force] [name...]        the template files to Notion's Email Templates database (create or",
            "                                  update by Template Name); refused when the files fail the check",
            "  pull [name...]                  Notion's templates into the files (default: every template a sequence uses)",
            "  check [--notion]                every template a sequence uses, in the files (or in Notion); exit 1 on a problem",
            "  preview <name> [--notion] [--out <file>]  a template rendered for its sequence's sample contact",
            "  preview --all --out <folder>    every template, one <name>.html each",
            "options: --dir <folder>  the template files (default: TEMPLATES_DIR, else ./templates)",
            "Notion settings as for the functions: .secrets/notion-token, .secrets/notion-email-templates-db-id (or env);",
            "NOTION_EMAIL_TEMPLATES_DATA_SOURCE_ID when that database has several data sources.");

    private final CampaignConfig config;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    public static void main(String[] args) {
        if (System.getProperty("SECRETS_DIR") == null
                && System.getenv("SECRETS_DIR") == null
                && Files.isDirectory(Paths.get(".secrets"))) {
            System.setProperty(
                    "SECRETS_DIR", Paths.get(".secrets").toAbsolutePath().toString());
        }
        CampaignConfig config = withoutSandbox(CampaignConfig.from(ConfigSource.system()));
        System.exit(new Templates(config, System.out, System.err, Clock.systemUTC()).run(args));
    }

    /** These tools talk to the real Notion even when SANDBOX_DIR is exported for the local gateway. */
    static CampaignConfig withoutSandbox(CampaignConfig config) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) config.get(setting).ifPresent(value -> values.put(setting, value));
        values.remove(Setting.SANDBOX_DIR);
        return CampaignConfig.of(values);
    }

    /** Runs one command; answers the exit status. */
    int run(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.isEmpty() || rest.contains("--help") || rest.contains("-h")) {
            (rest.isEmpty() ? err : out).println(USAGE);
            return rest.isEmpty() ? 2 : 0;
        }
        String command = rest.remove(0);
        try {
            Path dir = Paths.get(option(rest, "--dir")
                    .orElse(config.get(Setting.TEMPLATES_DIR).orElse(Sandbox.DEFAULT_TEMPLATES_DIR)));
            TemplateFiles files = new TemplateFiles(dir);
            switch (command) {
                case "push":
                    return push(files, flag(rest, "--force"), names(rest));
                case "pull":
                    return pull(files, names(rest));
                case "check":
                    return check(flag(rest, "--notion") ? notion()::find : files::find, rest);
                case "preview":
                    return preview(files, rest);
                default:
                    err.println("unknown command '" + command + "'\n" + USAGE);
                    return 2;
            }
        } catch (UsageException usage) {
            err.println(usage.getMessage() + "\n" + USAGE);
            return 2;
        } catch (MissingConfigurationException missing) {
            err.println(missing.getMessage() + " (put them in .secrets/ or the environment)");
            return 2;
        } catch (DataSourceConfigurationException which) {
            // the Email Templates database has several data sources and none (or an unknown one) is chosen
            err.println(which.getMessage());
            return 2;
        } catch (ProviderException | IllegalArgumentException | UncheckedIOException failure) {
            err.println("error: " + failure.getMessage());
            return 2;
        }
    }

    private int push(TemplateFiles files, boolean force, List<String> names) {
        List<String> chosen = names.isEmpty() ? files.names() : names;
        if (chosen.isEmpty()) {
            err.println("no template files in " + files.folder());
            return 1;
        }
        TemplateCheck.Report report = new TemplateCheck(files::find).run();
        if (!report.ok()) {
            out.print(report.toTable());
            if (!force) {
                err.println("push refused: the template files have problems (fix them, or push anyway with --force)");
                return 1;
            }
        }
        NotionTemplates notion = notion();
        int failures = 0;
        for (String name : chosen) {
            Optional<EmailTemplate> template = files.find(name);
            if (template.isEmpty()) {
                out.println("missing    " + name + " (no file " + files.file(name) + ")");
                failures++;
                continue;
            }
            NotionTemplates.Outcome outcome = notion.push(template.get());
            out.println(String.format(
                    "%-10s %s (%d characters of HTML)",
                    outcome.name().toLowerCase(), name, template.get().html().length()));
        }
        return failures == 0 ? 0 : 1;
    }

    private int pull(TemplateFiles files, List<String> names) {
        List<String> chosen = names.isEmpty() ? NotionTemplates.referencedNames() : names;
        NotionTemplates notion = notion();
        int missing = 0;
        for (String name : chosen) {
            Optional<EmailTemplate> template = notion.find(name);
            if (template.isEmpty()) {
                out.println("missing    " + name + " (not in Notion's Email Templates database)");
                missing++;
                continue;
            }
            Optional<EmailTemplate> current = files.find(name);
            boolean same = current.isPresent()
                    && current.get().subject().equals(template.get().subject())
                    && current.get().html().equals(template.get().html());
            if (!same) files.write(template.get());
            out.println(String.format("%-10s %s", same ? "unchanged" : "written", files.file(name)));
        }
        return missing == 0 ? 0 : 1;
    }

    private int check(TemplateCheck.Source source, List<String> rest) {
        if (!rest.isEmpty()) throw new UsageException("check takes no names: it checks every template a sequence uses");
        TemplateCheck.Report report = new TemplateCheck(source).run();
        out.print(report.toTable());
        return report.ok() ? 0 : 1;
    }

    private int preview(TemplateFiles files, List<String> rest) {
        boolean all = flag(rest, "--all");
        boolean fromNotion = flag(rest, "--notion");
        Optional<String> target = option(rest, "--out");
        TemplateCheck.Source source = fromNotion ? notion()::find : files::find;
        TemplatePreview preview = new TemplatePreview(
                source, files.folder().resolve("samples"), new TemplateVariables(config.campaignDeadline(), clock));
        if (all) {
            if (target.isEmpty() || !rest.isEmpty())
                throw new UsageException("preview --all needs --out <folder> and no name");
            for (String name : NotionTemplates.referencedNames()) {
                TemplatePreview.Rendered rendered = preview.render(name);
                Path file = Paths.get(target.get()).resolve(name + ".html");
                write(file, rendered.html());
                out.println(file + "  " + rendered.subject());
            }
            return 0;
        }
        if (rest.size() != 1) throw new UsageException("preview needs one template name (or --all --out <folder>)");
        TemplatePreview.Rendered rendered = preview.render(rest.get(0));
        String summary = "template " + rendered.template() + " (" + rendered.sequence() + " email "
                + rendered.emailNumber() + ") for " + rendered.to() + "\nSubject: " + rendered.subject();
        if (target.isPresent()) {
            write(Paths.get(target.get()), rendered.html());
            out.println(summary + "\nwritten to " + target.get());
        } else {
            err.println(summary);
            out.print(rendered.html());
        }
        return 0;
    }

    private NotionTemplates notion() {
        return new Campaign(config, clock).notionTemplates();
    }

    private static void write(Path file, String content) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static boolean flag(List<String> args, String name) {
        return args.remove(name);
    }

    private static Optional<String> option(List<String> args, String name) {
        int index = args.indexOf(name);
        if (index < 0) return Optional.empty();
        if (index + 1 >= args.size()) throw new UsageException(name + " needs a value");
        args.remove(index);
        return Optional.of(args.remove(index));
    }

    private static List<String> names(List<String> args) {
        for (String arg : args) {
            if (arg.startsWith("--")) throw new UsageException("unknown option " + arg);
        }
        return args;
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
