package org.openclaw.oversight.platform.simulator;

/**
 * The version an agent runs at a time, with its number of approvals (attribute {@code approvals}); the incident
 * is the unapproved_version one that put it there, else null.
 */
record AgentVersion(String version, int approvals, IncidentOutcome incident) {
}
