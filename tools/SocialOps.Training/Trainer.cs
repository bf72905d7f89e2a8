namespace SocialOps.Training;

/// <summary>Plain SGD with a linearly decaying rate (as fastText does), weighted softmax cross-entropy.</summary>
internal sealed class Trainer(FastTextModel model, float learningRate)
{
    private readonly float[] _h = new float[model.Dim];
    private readonly float[] _z = new float[Math.Max(1, model.Hidden)];
    private readonly float[] _logits = new float[model.Classes];
    private readonly float[] _g = new float[model.Classes];
    private readonly float[] _dz = new float[Math.Max(model.Dim, model.Hidden)];
    private readonly float[] _dh = new float[model.Dim];

    /// <summary>One step on one example; returns its loss. <paramref name="progress"/> runs from 0 to 1 over training.</summary>
    public float Step(int[] ids, int label, float weight, double progress)
    {
        var lr = learningRate * (float)Math.Max(0.0, 1.0 - progress);
        var m = model;
        m.Forward(ids, _h, _z, _logits);
        var max = _logits.Max();
        var sum = 0f;
        for (var c = 0; c < m.Classes; c++)
        {
            _g[c] = MathF.Exp(_logits[c] - max);
            sum += _g[c];
        }

        var loss = -MathF.Log(Math.Max(1e-12f, _g[label] / sum)) * weight;
        for (var c = 0; c < m.Classes; c++)
        {
            _g[c] = ((_g[c] / sum) - (c == label ? 1 : 0)) * weight;
        }

        var input = m.Hidden > 0 ? _z : _h;
        Array.Clear(_dz);
        for (var c = 0; c < m.Classes; c++)
        {
            for (var d = 0; d < m.OutIn; d++)
            {
                _dz[d] += m.W2[(c * m.OutIn) + d] * _g[c];
                m.W2[(c * m.OutIn) + d] -= lr * _g[c] * input[d];
            }

            m.B2[c] -= lr * _g[c];
        }

        if (m.Hidden > 0)
        {
            Array.Clear(_dh);
            for (var j = 0; j < m.Hidden; j++)
            {
                if (_z[j] <= 0)
                {
                    continue;
                }

                for (var d = 0; d < m.Dim; d++)
                {
                    _dh[d] += m.W1[(j * m.Dim) + d] * _dz[j];
                    m.W1[(j * m.Dim) + d] -= lr * _dz[j] * _h[d];
                }

                m.B1[j] -= lr * _dz[j];
            }
        }
        else
        {
            Array.Copy(_dz, _dh, m.Dim);
        }

        var scale = lr / Math.Max(1, (2 * ids.Length) - 1);
        for (var t = 0; t < ids.Length; t++)
        {
            Update(m.Tokens, ids[t], scale);
            if (t > 0)
            {
                Update(m.Bigrams, FastTextModel.BigramBucket(ids[t - 1], ids[t], m.Buckets), scale);
            }
        }

        return loss;
    }

    private void Update(float[] table, int row, float scale)
    {
        var span = table.AsSpan(row * model.Dim, model.Dim);
        for (var d = 0; d < model.Dim; d++)
        {
            span[d] -= scale * _dh[d];
        }
    }
}
