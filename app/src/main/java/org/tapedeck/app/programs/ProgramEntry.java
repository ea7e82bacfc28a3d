package org.tapedeck.app.programs;

import java.util.Objects;

import org.tapedeck.app.session.DebugProgram;

/**
 * A program the debugger can open by name: {@code tapedeck debug --example NAME}.
 *
 * @param name the name on the command line and in the window's title
 * @param description one line for lists
 * @param program what runs on the engine thread
 */
public record ProgramEntry(String name, String description, DebugProgram program) {
    public ProgramEntry {
        Objects.requireNonNull(name);
        Objects.requireNonNull(description);
        Objects.requireNonNull(program);
    }
}
