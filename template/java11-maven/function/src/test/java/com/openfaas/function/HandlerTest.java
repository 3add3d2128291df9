package com.openfaas.function;

import com.openfaas.model.IResponse;
import com.openfaas.model.Request;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HandlerTest {

    @Test
    void greetsTheNameInTheBody() {
        IResponse response = new Handler().Handle(new Request("Ada", Map.of()));

        assertEquals(200, response.getStatusCode());
        assertEquals("Hello, Ada!", response.getBody());
    }

    @Test
    void greetsTheWorldWithoutABody() {
        assertEquals("Hello, world!", new Handler().Handle(new Request("", Map.of())).getBody());
    }
}
