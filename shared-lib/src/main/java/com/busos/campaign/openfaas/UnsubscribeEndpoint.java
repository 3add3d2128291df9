package com.busos.campaign.openfaas;

import com.busos.campaign.log.Log;
import com.busos.campaign.suppression.QueryString;
import com.busos.campaign.suppression.UnsubscribeRequest;
import com.busos.campaign.suppression.UnsubscribeService;
import com.busos.campaign.suppression.UnsubscribeTokens;
import com.busos.campaign.webhook.WebhookGate;
import com.openfaas.model.IRequest;
import com.openfaas.model.IResponse;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import lombok.RequiredArgsConstructor;

/**
 * The unsubscribe link, {@code /function/unsubscribe?token=<token>}. The token is verified first: a
 * missing one is answered 400, a malformed, altered or forged one 403, and nothing changes. Then the
 * body decides ({@link UnsubscribeRequest}): RFC 8058's one-click POST and the confirmation page's
 * button unsubscribe at once (200); anything else, a GET in particular, only shows the confirmation
 * page, so a link scanner opening the link unsubscribes no one.
 */
@RequiredArgsConstructor
public final class UnsubscribeEndpoint {
    private final Supplier<UnsubscribeTokens> tokens;
    private final Supplier<UnsubscribeService> service;
    private final Supplier<UnsubscribePages> pages;
    private final Log log;

    public IResponse handle(IRequest request) {
        String body = request.getBody() == null ? "" : request.getBody();
        WebhookGate.checkSize(body);
        UnsubscribePages page = pages.get(); // first: a configuration error changes nothing
        UnsubscribeTokens verifier = tokens.get();
        String token = token(request);
        if (token == null || token.isEmpty()) {
            log.info("unsubscribe.invalid_link")
                    .with("status", 400)
                    .with("detail", "no token")
                    .write();
            return page.invalid(400);
        }
        Optional<String> address = verifier.verify(token);
        if (address.isEmpty()) {
            log.warn("unsubscribe.invalid_link")
                    .with("status", 403)
                    .with("detail", "token does not verify")
                    .write();
            return page.invalid(403);
        }
        UnsubscribeRequest kind = UnsubscribeRequest.of(body);
        if (!kind.unsubscribes()) return page.confirmation(address.get(), token);
        service.get()
                .unsubscribe(address.get(), kind == UnsubscribeRequest.ONE_CLICK ? "one-click" : "confirmation page");
        return kind == UnsubscribeRequest.ONE_CLICK ? UnsubscribePages.oneClickDone() : page.done(address.get());
    }

    private static String token(IRequest request) {
        String token = QueryString.parse(request.getQueryRaw()).get("token");
        if (token != null) return token.trim();
        Map<String, String> query = request.getQuery();
        return query == null ? null : query.get("token");
    }
}
