namespace SocialOps.Core.Common;

/// <summary>Problems with a request, by field (camelCase, as the API names them).</summary>
public sealed class ValidationErrors : Dictionary<string, string[]>
{
    public void Add(string field, string message) =>
        this[field] = TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}
