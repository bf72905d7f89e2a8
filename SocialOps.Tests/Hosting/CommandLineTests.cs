using SocialOps.Web.Hosting;

namespace SocialOps.Tests.Hosting;

public sealed class CommandLineTests
{
    [Fact]
    public void NoArgumentsServes() => Assert.Null(CommandLine.Parse([]).Verb);

    [Fact]
    public void SettingsAloneServe()
    {
        var command = CommandLine.Parse(["--urls", "http://127.0.0.1:6000"]);

        Assert.Null(command.Verb);
        Assert.Equal(["--urls", "http://127.0.0.1:6000"], command.HostArgs);
    }

    [Fact]
    public void DemoFlagBecomesASetting() =>
        Assert.Equal(["--Demo:SeedOnStart=true"], CommandLine.Parse(["--demo"]).HostArgs);

    [Fact]
    public void LeadingWordIsTheVerbAndTheRestStaysAvailable()
    {
        var command = CommandLine.Parse(["seed-demo", "--Database:Provider=Postgres"]);

        Assert.Equal("seed-demo", command.Verb);
        Assert.Equal(["--Database:Provider=Postgres"], command.VerbArgs);
        Assert.Equal(["--Database:Provider=Postgres"], command.HostArgs);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void HelpFlagsAreTheHelpVerb(string flag) => Assert.Equal("help", CommandLine.Parse([flag]).Verb);

    [Fact]
    public void EveryVerbIsKnownAndUnknownOnesAreNot()
    {
        Assert.True(Verbs.IsKnown("migrate"));
        Assert.True(Verbs.IsKnown("seed-demo"));
        Assert.False(Verbs.IsKnown("frobnicate"));
    }
}
