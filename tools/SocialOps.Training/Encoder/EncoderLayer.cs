using System.Numerics.Tensors;

namespace SocialOps.Training.Encoder;

/// <summary>
/// One post-LayerNorm BERT layer with its forward and backward pass: self-attention (Q, K, V, O projections, softmax over
/// the text's own tokens), residual + LayerNorm, a GELU (erf form) feed-forward block, residual + LayerNorm. Weights are
/// row-major [in × out], as the encoder graph stores them for MatMul. A text is processed unpadded, [tokens × hidden].
/// </summary>
public sealed class EncoderLayer
{
    public const float LayerNormEpsilon = 1e-12f;
    private static readonly float InvSqrt2Pi = 1f / MathF.Sqrt(2 * MathF.PI);

    /// <summary>The parameter groups in a fixed order (the optimiser's and the graph writer's).</summary>
    public static readonly string[] Names =
    [
        "attention.self.query.weight", "attention.self.query.bias", "attention.self.key.weight", "attention.self.key.bias",
        "attention.self.value.weight", "attention.self.value.bias", "attention.output.dense.weight", "attention.output.dense.bias",
        "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias", "intermediate.dense.weight", "intermediate.dense.bias",
        "output.dense.weight", "output.dense.bias", "output.LayerNorm.weight", "output.LayerNorm.bias",
    ];

    private const int Wq = 0, Bq = 1, Wk = 2, Bk = 3, Wv = 4, Bv = 5, Wo = 6, Bo = 7, G1 = 8, Be1 = 9, Wi = 10, Bi = 11, Wd = 12, Bd = 13, G2 = 14, Be2 = 15;

    public EncoderLayer(int hidden, int heads, int ffn)
    {
        if (hidden % heads != 0)
        {
            throw new ArgumentException("hidden must be a multiple of heads");
        }

        (Hidden, Heads, Ffn) = (hidden, heads, ffn);
        Parameters = [.. Shapes().Select(s => new float[s])];
        Parameters[G1].AsSpan().Fill(1);
        Parameters[G2].AsSpan().Fill(1);
    }

    public int Hidden { get; }

    public int Heads { get; }

    public int Ffn { get; }

    public float[][] Parameters { get; }

    public int HeadSize => Hidden / Heads;

    public int[] Shapes()
    {
        int h = Hidden, f = Ffn;
        return [h * h, h, h * h, h, h * h, h, h * h, h, h, h, h * f, f, f * h, h, h, h];
    }

    public float[][] NewGradients() => [.. Shapes().Select(s => new float[s])];

    public EncoderLayer Clone()
    {
        var copy = new EncoderLayer(Hidden, Heads, Ffn);
        for (var k = 0; k < Parameters.Length; k++)
        {
            Parameters[k].CopyTo(copy.Parameters[k], 0);
        }

        return copy;
    }

    /// <summary>What the forward pass keeps for the backward pass.</summary>
    public sealed class Trace
    {
        internal int T;
        internal float[] X = [], Q = [], K = [], V = [], P = [], Ctx = [], N1 = [], Inv1 = [], H1 = [], U = [], Phi = [], G = [], N2 = [], Inv2 = [], Y = [];
    }

    /// <summary>y [tokens × hidden] from x [tokens × hidden].</summary>
    public float[] Forward(float[] x, int tokens, Trace? trace = null)
    {
        int t = tokens, h = Hidden, f = Ffn, hs = HeadSize;
        var p = Parameters;
        var q = Linear(x, t, h, h, p[Wq], p[Bq]);
        var k = Linear(x, t, h, h, p[Wk], p[Bk]);
        var v = Linear(x, t, h, h, p[Wv], p[Bv]);
        var probs = new float[Heads * t * t];
        var ctx = new float[t * h];
        var scale = 1f / MathF.Sqrt(hs);
        for (var head = 0; head < Heads; head++)
        {
            var off = head * hs;
            for (var i = 0; i < t; i++)
            {
                var row = probs.AsSpan(((head * t) + i) * t, t);
                var qi = q.AsSpan((i * h) + off, hs);
                for (var j = 0; j < t; j++)
                {
                    row[j] = TensorPrimitives.Dot(qi, k.AsSpan((j * h) + off, hs)) * scale;
                }

                TensorPrimitives.SoftMax(row, row);
                var ci = ctx.AsSpan((i * h) + off, hs);
                for (var j = 0; j < t; j++)
                {
                    TensorPrimitives.MultiplyAdd(v.AsSpan((j * h) + off, hs), row[j], ci, ci);
                }
            }
        }

        var r1 = Linear(ctx, t, h, h, p[Wo], p[Bo]);
        TensorPrimitives.Add(r1, x, r1);
        var (n1, inv1, h1) = LayerNorm(r1, t, h, p[G1], p[Be1]);
        var u = Linear(h1, t, h, f, p[Wi], p[Bi]);
        var phi = new float[u.Length];
        var g = new float[u.Length];
        for (var i = 0; i < u.Length; i++)
        {
            phi[i] = Phi(u[i]);
            g[i] = u[i] * phi[i];
        }

        var r2 = Linear(g, t, f, h, p[Wd], p[Bd]);
        TensorPrimitives.Add(r2, h1, r2);
        var (n2, inv2, y) = LayerNorm(r2, t, h, p[G2], p[Be2]);
        if (trace is not null)
        {
            (trace.T, trace.X, trace.Q, trace.K, trace.V, trace.P, trace.Ctx) = (t, x, q, k, v, probs, ctx);
            (trace.N1, trace.Inv1, trace.H1, trace.U, trace.Phi, trace.G, trace.N2, trace.Inv2, trace.Y) = (n1, inv1, h1, u, phi, g, n2, inv2, y);
        }

        return y;
    }

    /// <summary>Adds the parameter gradients for dL/dy to <paramref name="grads"/> and returns dL/dx.</summary>
    public float[] Backward(Trace s, float[] dy, float[][] grads)
    {
        int t = s.T, h = Hidden, f = Ffn, hs = HeadSize;
        var p = Parameters;
        var dr2 = LayerNormBackward(dy, s.N2, s.Inv2, t, h, p[G2], grads[G2], grads[Be2]);
        var dh1 = LinearBackward(s.G, dr2, t, f, h, p[Wd], grads[Wd], grads[Bd]);
        for (var i = 0; i < dh1.Length; i++)
        {
            dh1[i] *= s.Phi[i] + (s.U[i] * MathF.Exp(-0.5f * s.U[i] * s.U[i]) * InvSqrt2Pi);
        }

        var du = dh1;
        var dh1Total = LinearBackward(s.H1, du, t, h, f, p[Wi], grads[Wi], grads[Bi]);
        TensorPrimitives.Add(dh1Total, dr2, dh1Total);
        var dr1 = LayerNormBackward(dh1Total, s.N1, s.Inv1, t, h, p[G1], grads[G1], grads[Be1]);
        var dctx = LinearBackward(s.Ctx, dr1, t, h, h, p[Wo], grads[Wo], grads[Bo]);
        var dq = new float[t * h];
        var dk = new float[t * h];
        var dv = new float[t * h];
        var dp = new float[t];
        var scale = 1f / MathF.Sqrt(hs);
        for (var head = 0; head < Heads; head++)
        {
            var off = head * hs;
            for (var i = 0; i < t; i++)
            {
                var row = s.P.AsSpan(((head * t) + i) * t, t);
                var dci = dctx.AsSpan((i * h) + off, hs);
                for (var j = 0; j < t; j++)
                {
                    dp[j] = TensorPrimitives.Dot(dci, s.V.AsSpan((j * h) + off, hs));
                    var dvj = dv.AsSpan((j * h) + off, hs);
                    TensorPrimitives.MultiplyAdd(dci, row[j], dvj, dvj);
                }

                // Softmax: dS = P ⊙ (dP − Σ P dP), then S = Q Kᵀ · scale.
                var sum = TensorPrimitives.Dot(row, dp.AsSpan(0, t));
                var dqi = dq.AsSpan((i * h) + off, hs);
                var qi = s.Q.AsSpan((i * h) + off, hs);
                for (var j = 0; j < t; j++)
                {
                    var ds = row[j] * (dp[j] - sum) * scale;
                    TensorPrimitives.MultiplyAdd(s.K.AsSpan((j * h) + off, hs), ds, dqi, dqi);
                    var dkj = dk.AsSpan((j * h) + off, hs);
                    TensorPrimitives.MultiplyAdd(qi, ds, dkj, dkj);
                }
            }
        }

        var dx = dr1;
        TensorPrimitives.Add(dx, LinearBackward(s.X, dq, t, h, h, p[Wq], grads[Wq], grads[Bq]), dx);
        TensorPrimitives.Add(dx, LinearBackward(s.X, dk, t, h, h, p[Wk], grads[Wk], grads[Bk]), dx);
        TensorPrimitives.Add(dx, LinearBackward(s.X, dv, t, h, h, p[Wv], grads[Wv], grads[Bv]), dx);
        return dx;
    }

    /// <summary>GELU in the erf form the encoder graph uses: x · ½ (1 + erf(x / √2)).</summary>
    public static float Gelu(float x) => x * Phi(x);

    public static float GeluDerivative(float x) => Phi(x) + (x * MathF.Exp(-0.5f * x * x) * InvSqrt2Pi);

    /// <summary>The standard normal distribution function ½ (1 + erf(x / √2)).</summary>
    public static float Phi(float x) => 0.5f * (1f + (float)Erf(x / Math.Sqrt(2)));

    /// <summary>erf to about 1e-15 (series for small |x|, continued fraction for the tails).</summary>
    public static double Erf(double x)
    {
        var ax = Math.Abs(x);
        if (ax < 2.5)
        {
            // Maclaurin series: erf x = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1)).
            double term = ax, sum = ax, x2 = ax * ax;
            for (var n = 1; n < 60 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
            {
                term *= -x2 / n;
                sum += term / ((2 * n) + 1);
            }

            return Math.CopySign(2 / Math.Sqrt(Math.PI) * sum, x);
        }

        if (ax > 6)
        {
            return Math.CopySign(1, x);
        }

        // erfc x = exp(−x²)/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))) (Lentz would do; 60 terms from the back suffice here).
        var cf = ax;
        for (var n = 60; n >= 1; n--)
        {
            cf = ax + (n / 2.0 / cf);
        }

        return Math.CopySign(1 - (Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / cf), x);
    }

    // Rows share each weight row while it is in cache: the loop over inputs is the outer one.
    private static float[] Linear(float[] x, int rows, int inDim, int outDim, float[] w, float[] b)
    {
        var y = new float[rows * outDim];
        for (var r = 0; r < rows; r++)
        {
            b.CopyTo(y.AsSpan(r * outDim, outDim));
        }

        for (var i = 0; i < inDim; i++)
        {
            var wi = w.AsSpan(i * outDim, outDim);
            for (var r = 0; r < rows; r++)
            {
                var yr = y.AsSpan(r * outDim, outDim);
                TensorPrimitives.MultiplyAdd(wi, x[(r * inDim) + i], yr, yr);
            }
        }

        return y;
    }

    // Adds xᵀ dy to dW and Σ dy to db; returns dy Wᵀ.
    private static float[] LinearBackward(float[] x, float[] dy, int rows, int inDim, int outDim, float[] w, float[] dw, float[] db)
    {
        var dx = new float[rows * inDim];
        for (var r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(db, dy.AsSpan(r * outDim, outDim), db);
        }

        for (var i = 0; i < inDim; i++)
        {
            var wi = w.AsSpan(i * outDim, outDim);
            var dwi = dw.AsSpan(i * outDim, outDim);
            for (var r = 0; r < rows; r++)
            {
                var dyr = dy.AsSpan(r * outDim, outDim);
                TensorPrimitives.MultiplyAdd(dyr, x[(r * inDim) + i], dwi, dwi);
                dx[(r * inDim) + i] = TensorPrimitives.Dot(wi, dyr);
            }
        }

        return dx;
    }

    private static (float[] N, float[] Inv, float[] Y) LayerNorm(float[] x, int rows, int dim, float[] gamma, float[] beta)
    {
        var n = new float[x.Length];
        var inv = new float[rows];
        var y = new float[x.Length];
        for (var r = 0; r < rows; r++)
        {
            var xr = x.AsSpan(r * dim, dim);
            var nr = n.AsSpan(r * dim, dim);
            var mean = TensorPrimitives.Sum(xr) / dim;
            TensorPrimitives.Subtract(xr, mean, nr);
            var variance = TensorPrimitives.Dot(nr, nr) / dim;
            inv[r] = 1f / MathF.Sqrt(variance + LayerNormEpsilon);
            TensorPrimitives.Multiply(nr, inv[r], nr);
            var yr = y.AsSpan(r * dim, dim);
            TensorPrimitives.Multiply(nr, gamma, yr);
            TensorPrimitives.Add(yr, beta, yr);
        }

        return (n, inv, y);
    }

    // Adds to dγ and dβ; returns dL/dx = inv · (dn − mean(dn) − n · mean(dn ⊙ n)), with dn = dy ⊙ γ.
    private static float[] LayerNormBackward(float[] dy, float[] n, float[] inv, int rows, int dim, float[] gamma, float[] dgamma, float[] dbeta)
    {
        var dx = new float[dy.Length];
        for (var r = 0; r < rows; r++)
        {
            var dyr = dy.AsSpan(r * dim, dim);
            var nr = n.AsSpan(r * dim, dim);
            TensorPrimitives.MultiplyAdd(dyr, nr, dgamma, dgamma);
            TensorPrimitives.Add(dbeta, dyr, dbeta);
            var dn = dx.AsSpan(r * dim, dim);
            TensorPrimitives.Multiply(dyr, gamma, dn);
            var meanDn = TensorPrimitives.Sum(dn) / dim;
            var meanDnN = TensorPrimitives.Dot(dn, nr) / dim;
            for (var i = 0; i < dim; i++)
            {
                dn[i] = inv[r] * (dn[i] - meanDn - (nr[i] * meanDnN));
            }
        }

        return dx;
    }
}
