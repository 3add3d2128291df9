package com.busos.campaign.webhook;

import java.util.List;

/** The request failed validation; answered with 422 and one {@code detail} entry per violated field. */
public final class InvalidRequestException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.size() + " invalid field(s)");
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
