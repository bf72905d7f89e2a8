using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Ai;

/// <summary>AI settings that cannot work stop start-up with one line naming the setting.</summary>
public sealed class AiOptionsStartupTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Theory]
    [InlineData("Ai__Provider", "Skynet", "Ai:Provider must be None, OpenAI or Anthropic")]
    [InlineData("Ai__TimeoutSeconds", "0", "Ai:TimeoutSeconds must be between 1 and 600")]
    [InlineData("Ai__BaseUrl", "localhost:11434", "Ai:BaseUrl must be an http:// or https:// address")]
    public async Task ABadAiSettingRefusesStartUp(string key, string value, string named)
    {
        var result = await AppProcess.RunAsync([], new Dictionary<string, string> { ["Data__Directory"] = _data.Path, [key] = value });

        result.AssertRefusedStartUp(named);
    }

    [Fact]
    public async Task AProviderWithoutAModelRefusesStartUp()
    {
        var result = await AppProcess.RunAsync([], new Dictionary<string, string> { ["Data__Directory"] = _data.Path, ["Ai__Provider"] = "OpenAI" });

        result.AssertRefusedStartUp("Ai:Model is required when Ai:Provider is OpenAI");
    }

    public void Dispose() => _data.Dispose();
}
