namespace SocialOps.Training;

internal static class Evaluation
{
    public static Task<int> RunAsync(string data, string model, TextWriter output)
    {
        output.WriteLine($"evaluate {model} on {data}: not yet");
        return Task.FromResult(0);
    }
}
