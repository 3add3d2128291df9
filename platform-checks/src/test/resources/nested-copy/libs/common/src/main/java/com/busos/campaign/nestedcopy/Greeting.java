package com.busos.campaign.nestedcopy;

/** Lives in the nested copied module: the handler answers only if build.sh built it into the image. */
public final class Greeting {
    private Greeting() {}

    public static String of(String name) {
        return "Hello from libs/common, " + name + "!";
    }
}
