package org.openclaw.oversight.enforcement;

/** A PAUSE or SHUTDOWN in force for an agent. A Flink POJO. */
public class Halt {
    public String action;
    public long issuedAtMs;
    /** 0: until RESUME or RESTART. */
    public long expiresAtMs;
    /** Whether the violation of this halt was raised already (once per command). */
    public boolean reported;

    public Halt() {}
}
