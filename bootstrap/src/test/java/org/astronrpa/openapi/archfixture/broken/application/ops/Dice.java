package org.astronrpa.openapi.archfixture.broken.application.ops;

import java.util.Random;

/** Breaks rule 5: the application makes its own random source. */
final class Dice {
    int roll() {
        return new Random().nextInt(6) + 1;
    }
}
