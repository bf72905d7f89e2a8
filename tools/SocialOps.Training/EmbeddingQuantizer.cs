namespace SocialOps.Training;

/// <summary>
/// Symmetric int8 quantization with one scale per embedding row (scale = max |x| / 127). The trainer applies
/// <see cref="Round"/> to the tables it evaluates, so its figures are those of the exported graph.
/// </summary>
internal static class EmbeddingQuantizer
{
    public static (sbyte[] Values, float[] Scales) Quantize(float[] data, int rows, int dim)
    {
        var values = new sbyte[data.Length];
        var scales = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = data.AsSpan(r * dim, dim);
            var max = 0f;
            foreach (var v in row)
            {
                max = MathF.Max(max, MathF.Abs(v));
            }

            var scale = max > 0 ? max / 127f : 1f;
            scales[r] = scale;
            for (var d = 0; d < dim; d++)
            {
                values[(r * dim) + d] = (sbyte)Math.Clamp(MathF.Round(row[d] / scale), -127, 127);
            }
        }

        return (values, scales);
    }

    /// <summary>The values the graph will see: each table entry as the exported storage gives it back.</summary>
    public static void Round(float[] data, int rows, int dim, EmbeddingStorage storage)
    {
        switch (storage)
        {
            case EmbeddingStorage.Half:
                for (var i = 0; i < data.Length; i++)
                {
                    data[i] = (float)(Half)data[i];
                }

                break;
            case EmbeddingStorage.Quantized:
                var (values, scales) = Quantize(data, rows, dim);
                for (var i = 0; i < data.Length; i++)
                {
                    data[i] = values[i] * scales[i / dim];
                }

                break;
        }
    }
}
