package com.busos.campaign.templatefiles;

import com.busos.campaign.followup.FollowUp;
import com.busos.campaign.followup.NoShow;
import com.busos.campaign.followup.Onboarding;
import com.busos.campaign.followup.PostCall;
import com.busos.campaign.sequence.EmailTemplate;
import com.busos.campaign.sequence.Segment;
import com.busos.campaign.sequence.Sequence;
import com.busos.campaign.sequence.Sequences;
import com.busos.campaign.sequence.TemplateRenderer;
import com.busos.campaign.sequence.TemplateVariables;
import com.busos.campaign.signup.Signup;
import com.busos.campaign.templates.NotionTemplates;
import com.busos.campaign.templates.TemplateCheck;
import com.busos.campaign.webhook.RequestFields;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * A template rendered for a sample contact of its sequence, without sending anything: the subject and
 * HTML exactly as send-email would render them. The sample contacts are kept with the templates,
 * {@code <samples>/<sequence>.json}, each the request body of the function that starts the sequence
 * (christmas-signup, calendly-noshow, postcall-maybe, onboarding-start), read by that function's own
 * request code, so a preview sees the fields a real send would.
 */
@RequiredArgsConstructor
public final class TemplatePreview {
    /** Where templates are read (the files, or Notion). */
    private final TemplateCheck.Source templates;
    /** The folder of the sample contacts ({@code templates/samples}). */
    private final Path samples;

    private final TemplateVariables variables;

    /** Renders the template; IllegalArgumentException when no sequence uses it, it does not exist or has no sample. */
    public Rendered render(String templateName) {
        NotionTemplates.Use use = NotionTemplates.referencedBy(templateName)
                .orElseThrow(() -> new IllegalArgumentException("no sequence uses a template named '" + templateName
                        + "' (known: " + String.join(", ", NotionTemplates.referencedNames()) + ")"));
        EmailTemplate template = templates
                .find(templateName)
                .orElseThrow(() -> new IllegalArgumentException("template '" + templateName + "' not found"));
        Sample sample = sample(use.sequence());
        Map<String, String> vars = new LinkedHashMap<>(variables.build(sample.fields, use.sequence()));
        vars.put("unsubscribe_url", "");
        return new Rendered(
                templateName,
                use.sequence().key(),
                use.email().number(),
                sample.email,
                TemplateRenderer.renderSubject(template.subject(), vars),
                TemplateRenderer.renderHtml(template.html(), vars));
    }

    /** The sequence's sample contact: its address and the fields its emails' variables are built from. */
    public Sample sample(Sequence sequence) {
        Path file = samples.resolve(sequence.key() + ".json");
        String body = new SampleContacts(samples)
                .read(sequence.key(), variables.today())
                .orElseThrow(() -> new IllegalArgumentException(
                        "no sample contact for the " + sequence.key() + " sequence: " + file));
        RequestFields fields = RequestFields.parse(body);
        switch (sequence.key()) {
            case Sequences.FIVE_DAY: {
                Signup signup = Signup.from(fields);
                String segment = Segment.classify(signup.redSystems(), signup.orangeSystems())
                        .name();
                return new Sample(signup.email(), signup.fields(segment));
            }
            case Sequences.NOSHOW:
                return sample(NoShow.from(fields));
            case Sequences.POSTCALL:
                return sample(PostCall.from(fields));
            case Sequences.ONBOARDING:
                return sample(Onboarding.from(fields));
            default:
                throw new IllegalArgumentException("no sample reader for the " + sequence.key() + " sequence");
        }
    }

    private static Sample sample(FollowUp followUp) {
        return new Sample(followUp.email(), followUp.fields());
    }

    /** A sample contact. */
    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    @Getter
    public static final class Sample {
        private final String email;
        private final Map<String, String> fields;
    }

    /** A rendered template. */
    @RequiredArgsConstructor(access = AccessLevel.PACKAGE)
    @Getter
    public static final class Rendered {
        private final String template;
        private final String sequence;
        private final int emailNumber;
        private final String to;
        private final String subject;
        private final String html;
    }
}
