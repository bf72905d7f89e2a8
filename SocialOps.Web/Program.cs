using SocialOps.Web.Hosting;

var command = CommandLine.Parse(args);
if (command.Verb is { } verb && !Verbs.IsKnown(verb))
{
    return Verbs.PrintUsage(Console.Error, $"Unknown command '{verb}'.");
}

var builder = WebApplication.CreateBuilder(command.HostArgs);
builder.AddSocialOps();

var app = builder.Build();
app.UseSocialOps();

return await app.RunSocialOpsAsync(command);
