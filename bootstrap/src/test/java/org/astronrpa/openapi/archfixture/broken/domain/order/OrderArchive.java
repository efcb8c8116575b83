package org.astronrpa.openapi.archfixture.broken.domain.order;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Breaks rule 8: a public domain method that declares a checked exception. */
public final class OrderArchive {
    public byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }
}
