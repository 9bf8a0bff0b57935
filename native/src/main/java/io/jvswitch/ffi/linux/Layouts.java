package io.jvswitch.ffi.linux;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;

/** Offset lookup by field path, so offset constants are derived from the layouts they describe. */
final class Layouts {
    private Layouts() {
    }

    static long offset(GroupLayout layout, String... path) {
        MemoryLayout.PathElement[] elements = new MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = MemoryLayout.PathElement.groupElement(path[i]);
        }
        return layout.byteOffset(elements);
    }
}
