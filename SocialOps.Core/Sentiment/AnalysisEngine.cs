namespace SocialOps.Core.Sentiment;

/// <summary>What read a comment: the in-process model, the rule-based engine, the AI provider, or nothing (a language the engines do not read).</summary>
public enum AnalysisEngine
{
    Model,
    Rules,
    Ai,
    None,

    /// <summary>Nothing could read it, and a teammate set its sentiment and intent.</summary>
    Person,
}

/// <summary>
/// The engine is kept in a reading's model version, which already names what produced it: <c>rules:1</c>, a model's
/// version, <c>ai:&lt;model&gt;</c>, <c>none</c>, or <c>person</c>.
/// </summary>
public static class AnalysisEngines
{
    public const string NotAnalysed = "none";
    public const string AiPrefix = "ai:";
    public const string ReadByPerson = "person";

    public static AnalysisEngine Of(string? modelVersion) => modelVersion switch
    {
        NotAnalysed => AnalysisEngine.None,
        ReadByPerson => AnalysisEngine.Person,
        { } v when v.StartsWith(AiPrefix, StringComparison.Ordinal) => AnalysisEngine.Ai,
        { } v when v.StartsWith("rules:", StringComparison.Ordinal) => AnalysisEngine.Rules,
        _ => AnalysisEngine.Model,
    };

    /// <summary>The API's name: <c>model</c>, <c>rules</c>, <c>ai</c>, <c>none</c> or <c>person</c>.</summary>
    public static string Name(this AnalysisEngine engine) => engine.ToString().ToLowerInvariant();
}
