namespace SocialOps.Core.Common;

/// <summary>
/// An expected refusal of a use case, in words its user can act on. The API answers it with a ProblemDetails (403 or
/// 409), a page with a message; nothing was changed.
/// </summary>
public abstract class RefusedException(string message) : Exception(message);

/// <summary>The actor lacks the access the action needs.</summary>
public sealed class AccessDeniedException(Actor actor, Access needed)
    : RefusedException($"This needs the {needed} role; {actor.Name} has {(actor.Access == Access.None ? "none" : actor.Access.ToString())}.")
{
    public Access Needed { get; } = needed;
}

/// <summary>
/// The thing changed meanwhile, or is in a state the action cannot start from. <see cref="CurrentState"/> names that
/// state when there is one (a post's status, say).
/// </summary>
public class ConflictException(string message, string? currentState = null) : RefusedException(message)
{
    public string? CurrentState { get; } = currentState;
}
