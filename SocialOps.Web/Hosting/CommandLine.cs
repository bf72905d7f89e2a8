namespace SocialOps.Web.Hosting;

/// <summary>
/// The executable serves the app, or with a leading word runs that verb and exits.
/// Everything else is host configuration (<c>--urls</c>, <c>--Database:Provider=Postgres</c>, …).
/// </summary>
public sealed record CommandLine(string? Verb, string[] VerbArgs, string[] HostArgs)
{
    public static CommandLine Parse(string[] args)
    {
        string? verb = null;
        var rest = args.AsEnumerable();
        if (args is [var first, ..] && (!first.StartsWith('-') || first is "-h" or "--help"))
        {
            verb = first is "-h" or "--help" ? "help" : first;
            rest = args.Skip(1);
        }

        var verbArgs = rest.ToArray();

        // --demo is a flag; the configuration reader needs key=value.
        var hostArgs = verbArgs.Select(a => a == "--demo" ? "--Demo:SeedOnStart=true" : a).ToArray();
        return new CommandLine(verb, verbArgs, hostArgs);
    }
}
