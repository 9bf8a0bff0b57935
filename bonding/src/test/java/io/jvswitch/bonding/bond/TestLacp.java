package io.jvswitch.bonding.bond;

import io.jvswitch.bonding.LacpStatus;
import io.jvswitch.bonding.LacpView;

import java.util.HashSet;
import java.util.Set;

/** A settable {@link LacpView}, standing in for the port's LACP instance (a value holder, not a peer). */
final class TestLacp implements LacpView {
    LacpStatus status;
    final Set<String> mayEnable = new HashSet<>();

    TestLacp(LacpStatus status, String... mayEnable) {
        this.status = status;
        this.mayEnable.addAll(Set.of(mayEnable));
    }

    @Override
    public LacpStatus status() {
        return status;
    }

    @Override
    public boolean mayEnable(String member) {
        return mayEnable.contains(member);
    }
}
