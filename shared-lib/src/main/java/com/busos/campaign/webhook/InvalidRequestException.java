package com.busos.campaign.webhook;

import java.util.List;
import lombok.Getter;

/** The request failed validation; answered with 422 and one {@code detail} entry per violated field. */
@Getter
public final class InvalidRequestException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.size() + " invalid field(s)");
        this.errors = List.copyOf(errors);
    }
}
