namespace SocialOps.Core.Data;

/// <summary>A problem that stops start-up; its message is one line that names the setting to fix.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
