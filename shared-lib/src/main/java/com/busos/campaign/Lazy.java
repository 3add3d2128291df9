package com.busos.campaign;

import java.util.function.Supplier;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * A service of a function's module, built on first use and then kept: a failure to build it (a missing
 * setting) is thrown to that call and the next call tries again.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> build;
    private volatile T value;

    public static <T> Lazy<T> of(Supplier<T> build) {
        return new Lazy<>(build);
    }

    @Override
    public T get() {
        T built = value;
        if (built == null) {
            synchronized (this) {
                if (value == null) value = build.get();
                built = value;
            }
        }
        return built;
    }
}
