using SocialOps.Web.Hosting;

var command = CommandLine.Parse(args);
if (command.Verb is { } verb && !Verbs.IsKnown(verb))
{
    return Verbs.PrintUsage(Console.Error, $"Unknown command '{verb}'.");
}

var builder = WebApplication.CreateBuilder(command.HostArgs);
builder.AddSocialOps();
if (command.Verb is not null)
{
    // Commands write their results to standard output: logs go to standard error so the two never mix.
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
}

var app = builder.Build();
app.UseSocialOps();

return await app.RunSocialOpsAsync(command);
