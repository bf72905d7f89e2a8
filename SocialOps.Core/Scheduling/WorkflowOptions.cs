namespace SocialOps.Core.Scheduling;

/// <summary>The publishing workflow of this installation (section <c>Workflow</c>).</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflow";

    /// <summary>
    /// What Editors schedule waits for an Admin or Approver (<c>PendingApproval</c>) instead of going out. An account's own
    /// setting (Settings → Connections) takes precedence.
    /// </summary>
    public bool RequireApproval { get; set; }
}
