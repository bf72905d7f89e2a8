using SocialOps.Tests.Harness;

namespace SocialOps.Tests.Connections;

/// <summary>Connector settings that cannot work stop start-up with one line naming the setting.</summary>
public sealed class ConnectorOptionsTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Theory]
    [InlineData("Connectors__PollInterval", "00:00:01", "Connectors:PollInterval")]
    [InlineData("Connectors__Timeout", "01:00:00", "Connectors:Timeout")]
    [InlineData("Connectors__PublicMediaBaseUrl", "http://media.example", "Connectors:PublicMediaBaseUrl")]
    public async Task ABadSettingRefusesStartUp(string key, string value, string named)
    {
        var result = await AppProcess.RunAsync([], new Dictionary<string, string> { ["Data__Directory"] = _data.Path, [key] = value });

        result.AssertRefusedStartUp(named);
    }

    [Fact]
    public async Task AMetaAppWithoutItsSecretRefusesStartUp()
    {
        var result = await AppProcess.RunAsync([], new Dictionary<string, string>
        {
            ["Data__Directory"] = _data.Path, ["Connectors__OAuth__Meta__ClientId"] = "1234567890",
        });

        result.AssertRefusedStartUp("Connectors:OAuth:Meta:ClientSecret");
    }

    public void Dispose() => _data.Dispose();
}
