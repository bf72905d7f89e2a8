using SocialOps.Benchmarks;

// dotnet run -c Release --project tools/SocialOps.Benchmarks -- sentiment --data <sentiment data folder> [--model models/sentiment[,models/sentiment-fast,…]] [--quality]
// dotnet run -c Release --project tools/SocialOps.Benchmarks -- intents [--model models/sentiment[,models/sentiment-fast,…]]
// dotnet run -c Release --project tools/SocialOps.Benchmarks -- scheduler [--full] [--postgres "<connection string>"] [--app SocialOps.Web/bin/Release/net10.0/SocialOps.Web.dll] [--parts abcdefgh]
string? Arg(string name) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault();
if (args is ["scheduler", ..])
{
    return await SchedulerReport.RunAsync(args.Contains("--full"), Arg("postgres"),
        Arg("app") ?? Path.Combine("SocialOps.Web", "bin", "Release", "net10.0", "SocialOps.Web.dll"), Arg("parts") ?? "abc", Console.Out);
}

if (args is ["intents", ..])
{
    await IntentBenchmark.RunAsync(Arg("model") ?? "models/sentiment,models/sentiment-fast", Console.Out);
    return 0;
}

// dotnet run -c Release --project tools/SocialOps.Benchmarks -- analytics [--scale 1] [--postgres "<connection string>"] [--reuse]
if (args is ["analytics", ..])
{
    return await AnalyticsBenchmark.RunAsync(double.Parse(Arg("scale") ?? "1", System.Globalization.CultureInfo.InvariantCulture), Arg("postgres"), args.Contains("--reuse"), Console.Out);
}

// dotnet run -c Release --project tools/SocialOps.Benchmarks -- wall [--walls 50] [--rounds 10] [--app SocialOps.Web/bin/Release/net10.0/SocialOps.Web.dll] [--chromium /usr/bin/chromium]
// dotnet run -c Release --project tools/SocialOps.Benchmarks -- wall --front http://127.0.0.1:8080 --postgres "<connection string>" --token <Editor token>
//     --instances 5101=<pid>,5102=<pid>,5103=<pid> [--walls 200] [--rounds 10] [--parallel 4]   (through a cluster's load balancer: tools/load.sh runs it)
if (args is ["wall", ..] && Arg("front") is { } front)
{
    var instances = (Arg("instances") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('=')).ToDictionary(p => int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
    if (Arg("postgres") is not { } connection || Arg("token") is not { } token || instances.Count == 0)
    {
        Console.Error.WriteLine("wall --front needs --postgres <connection string>, --token <Editor token> and --instances <port>=<pid>,…");
        return 2;
    }

    return await ClusterWallBenchmark.RunAsync(front, connection, token, instances, Arg("chromium") ?? "/usr/bin/chromium",
        int.Parse(Arg("walls") ?? "200", System.Globalization.CultureInfo.InvariantCulture), int.Parse(Arg("rounds") ?? "10", System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Arg("parallel") ?? "4", System.Globalization.CultureInfo.InvariantCulture), Console.Out);
}

if (args is ["wall", ..])
{
    return await WallBenchmark.RunAsync(Arg("app") ?? Path.Combine("SocialOps.Web", "bin", "Release", "net10.0", "SocialOps.Web.dll"),
        Arg("chromium") ?? "/usr/bin/chromium", int.Parse(Arg("walls") ?? "50", System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Arg("rounds") ?? "10", System.Globalization.CultureInfo.InvariantCulture), Console.Out);
}

// dotnet run -c Release --project tools/SocialOps.Benchmarks -- inbox [--scale 1] [--postgres "<connection string>"]
if (args is ["inbox", ..])
{
    return await InboxBenchmark.RunAsync(double.Parse(Arg("scale") ?? "1", System.Globalization.CultureInfo.InvariantCulture), Arg("postgres"), Console.Out);
}

// dotnet run -c Release --project tools/SocialOps.Benchmarks -- reloads [--rounds 5]
if (args is ["reloads", ..])
{
    return await ReloadsBenchmark.RunAsync(int.Parse(Arg("rounds") ?? "5", System.Globalization.CultureInfo.InvariantCulture), Console.Out);
}

if (args.Length == 0 || args[0] != "sentiment")
{
    Console.Error.WriteLine("usage: sentiment --data <sentiment data folder> [--model <model folder>[,<model folder>…]] [--quality] [--skip-distilbert]");
    Console.Error.WriteLine("       intents [--model <model folder>[,<model folder>…]]");
    Console.Error.WriteLine("       analytics [--scale 1] [--postgres <connection string>] [--reuse]");
    Console.Error.WriteLine("       wall [--walls 50] [--rounds 10] [--app <built SocialOps.Web.dll>] [--chromium /usr/bin/chromium]");
    Console.Error.WriteLine("       wall --front <load balancer URL> --postgres <connection string> --token <Editor token> --instances <port>=<pid>,… [--walls 200] [--rounds 10] [--parallel 4]");
    Console.Error.WriteLine("       inbox [--scale 1] [--postgres <connection string>]");
    Console.Error.WriteLine("       scheduler [--full] [--postgres <connection string>] [--app <built SocialOps.Web.dll>] [--parts abcdefgh]");
    Console.Error.WriteLine("       reloads [--rounds 5]");
    return 2;
}

var data = Arg("data") ?? Environment.GetEnvironmentVariable("SOCIALOPS_SENTIMENT_DATA");
if (data is null || !File.Exists(Path.Combine(data, "tweeteval-sentiment", "val_text.txt")))
{
    Console.Error.WriteLine("--data must name the sentiment data folder (its TweetEval tweets are the benchmark texts)");
    return 2;
}

var texts = File.ReadAllLines(Path.Combine(data, "tweeteval-sentiment", "val_text.txt")).Select(t => t.Trim()).Where(t => t.Length > 0).ToArray();
var models = Arg("model") ?? "models/sentiment,models/sentiment-fast";
// Quality of every model and the rules (the training tool's evaluation), then their speed: one command, side by side.
if (args.Contains("--quality") && await SocialOps.Training.Evaluation.RunAsync(data, models, Console.Out) != 0)
{
    return 1;
}

await new SentimentBenchmark(texts, models, Console.Out).RunAsync(includeDistilBert: !args.Contains("--skip-distilbert"));
return 0;
