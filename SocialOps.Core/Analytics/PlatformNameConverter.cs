using System.Text.Json;
using System.Text.Json.Serialization;
using SocialOps.Core.Publishing;

namespace SocialOps.Core.Analytics;

/// <summary>Writes a platform as its lower-case name (<c>linkedin</c>), as the other APIs do; reads any case.</summary>
public sealed class PlatformNameConverter : JsonConverter<Platform>
{
    public override Platform Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Enum.TryParse<Platform>(reader.GetString(), ignoreCase: true, out var p) ? p : throw new JsonException("Unknown platform.");

    public override void Write(Utf8JsonWriter writer, Platform value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString().ToLowerInvariant());
}
