#!/usr/bin/env python3
"""Reference trainer throughput: the llama-style student in plain PyTorch.

The same architecture as src/LlmDistill.Training/Model (token embedding, N x (RMSNorm -> attention with
RoPE on consecutive pairs and grouped-query heads -> residual, RMSNorm -> SwiGLU -> residual), final
RMSNorm, head tied to the embedding by default), the same AdamW groups and hyper-parameters, warmup +
cosine schedule, gradient clipping and step-by-step loss (per-target masked means), trained on random
token ids at a fixed batch x sequence. scripts/bench-train runs it after the TorchSharp trainer at the
same shapes and prints the ratio; it also runs on its own:

    python3 scripts/bench_train_torch.py --preset tiny --batch 32 --seq 96 --steps 200 --threads 1
    python3 scripts/bench_train_torch.py --preset medium --batch 64 --seq 128 --device cuda --bf16

Prints one JSON line. --bf16 mirrors the trainer's hand-written mixed precision (fp32 weights and
optimizer, bf16 activations, each projection casting its weight, RMSNorm and RoPE computed in fp32,
fp32 logits); --bf16-autocast uses torch.autocast instead, for comparison with idiomatic PyTorch.
"""
import argparse
import json
import math
import os
import sys
import time

# A torch built on a generic BLAS (Debian's: OpenBLAS through libblas.so.3) does not pass
# torch.set_num_threads on to it; OpenBLAS reads its thread count when it loads, before `import torch`.
for i, argument in enumerate(sys.argv[:-1]):
    if argument == "--threads" and sys.argv[i + 1] != "0":
        os.environ.setdefault("OPENBLAS_NUM_THREADS", sys.argv[i + 1])

import torch  # noqa: E402  (after the thread setting above)
import torch.nn.functional as F
from torch import nn

# (n_embd, n_layer, n_head, n_head_kv): StudentConfig.Preset
PRESETS = {
    "micro": (64, 3, 4, 4),
    "tiny": (96, 3, 4, 4),
    "small": (256, 4, 8, 8),
    "medium": (512, 8, 8, 4),
    "large": (768, 12, 12, 4),
}
HAS_SDPA = hasattr(F, "scaled_dot_product_attention")


def default_feed_forward(embd):
    """llama's SwiGLU width: 8/3 * n_embd rounded up to a multiple of 32 (StudentConfig.DefaultFeedForward)."""
    return (8 * embd // 3 + 31) // 32 * 32


def project(layer, x):
    """nn.Linear in the activation's dtype: the weight is cast, gradients reach the fp32 master copy."""
    return layer(x) if x.dtype == layer.weight.dtype else F.linear(x, layer.weight.to(x.dtype))


class RmsNorm(nn.Module):
    def __init__(self, size, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(size))

    def forward(self, x):  # (..., C), computed in fp32 whatever the input dtype
        x32 = x.float()
        normed = x32 * (x32.pow(2).mean(-1, keepdim=True) + self.eps).rsqrt()
        return (normed * self.weight).to(x.dtype)


class Rotary:
    """RoPE on consecutive pairs (x0,x1), (x2,x3), ...: llama.cpp's NORM mode, as RotaryEmbedding.cs."""

    def __init__(self, head_dim, theta):
        self.head_dim, self.theta, self.cos, self.sin = head_dim, theta, None, None

    def __call__(self, x):  # (B, H, T, D)
        b, h, t, d = x.shape
        if self.cos is None or self.cos.shape[0] < t or self.cos.device != x.device:
            inverse = (torch.arange(0, d, 2, dtype=torch.float64) * (-math.log(self.theta) / d)).exp()
            angles = torch.outer(torch.arange(t, dtype=torch.float64), inverse)  # (T, D/2)
            self.cos = angles.cos().float().to(x.device)
            self.sin = angles.sin().float().to(x.device)
        pairs = x.float().view(b, h, t, d // 2, 2)
        x0, x1 = pairs[..., 0], pairs[..., 1]
        c, s = self.cos[:t], self.sin[:t]
        return torch.stack([x0 * c - x1 * s, x0 * s + x1 * c], dim=-1).view(b, h, t, d).to(x.dtype)


class Attention(nn.Module):
    def __init__(self, embd, heads, kv_heads, theta):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = heads, kv_heads, embd // heads
        self.q = nn.Linear(embd, heads * self.head_dim, bias=False)
        self.k = nn.Linear(embd, kv_heads * self.head_dim, bias=False)
        self.v = nn.Linear(embd, kv_heads * self.head_dim, bias=False)
        self.output = nn.Linear(heads * self.head_dim, embd, bias=False)
        self.rope = Rotary(self.head_dim, theta)
        self.mask = None

    def forward(self, x):  # (B, T, C)
        b, t, _ = x.shape
        q = project(self.q, x).view(b, t, self.heads, self.head_dim).transpose(1, 2)  # (B, H, T, D)
        k = project(self.k, x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)  # (B, Hkv, T, D)
        v = project(self.v, x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        q, k = self.rope(q), self.rope(k)
        if self.kv_heads != self.heads:  # kv head j serves query heads j*g ... j*g+g-1
            group = self.heads // self.kv_heads
            k = k.repeat_interleave(group, dim=1)
            v = v.repeat_interleave(group, dim=1)
        if HAS_SDPA:
            attended = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:  # torch < 2.0: softmax(QK^T / sqrt(d) + causal mask) V
            if self.mask is None or self.mask.shape[0] < t or self.mask.device != x.device:
                self.mask = torch.ones(t, t, dtype=torch.bool, device=x.device).triu(1)
            scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(self.head_dim))
            scores = scores.masked_fill(self.mask[:t, :t], float("-inf"))
            attended = scores.float().softmax(-1).to(q.dtype) @ v
        return project(self.output, attended.transpose(1, 2).contiguous().view(b, t, -1))


class FeedForward(nn.Module):
    def __init__(self, embd, ff):
        super().__init__()
        self.gate = nn.Linear(embd, ff, bias=False)
        self.up = nn.Linear(embd, ff, bias=False)
        self.down = nn.Linear(ff, embd, bias=False)

    def forward(self, x):  # (B, T, C) -> (B, T, F) -> (B, T, C)
        return project(self.down, F.silu(project(self.gate, x)) * project(self.up, x))


class Block(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.attn_norm = RmsNorm(a.dim, a.eps)
        self.attn = Attention(a.dim, a.heads, a.kv_heads, a.rope_theta)
        self.ffn_norm = RmsNorm(a.dim, a.eps)
        self.ffn = FeedForward(a.dim, a.ff)

    def forward(self, x):
        h = x + self.attn(self.attn_norm(x))
        return h + self.ffn(self.ffn_norm(h))


class Student(nn.Module):
    def __init__(self, a, compute_dtype):
        super().__init__()
        self.compute_dtype = compute_dtype
        self.token_embd = nn.Embedding(a.vocab, a.dim)
        self.blk = nn.ModuleList([Block(a) for _ in range(a.layers)])
        self.output_norm = RmsNorm(a.dim, a.eps)
        self.output = None if a.tied else nn.Linear(a.dim, a.vocab, bias=False)
        residual_std = 0.02 / math.sqrt(2.0 * a.layers)  # GPT-2 init, as StudentModel
        with torch.no_grad():
            for name, p in self.named_parameters():
                if not name.endswith("norm.weight"):
                    std = residual_std if name.endswith(("attn.output.weight", "ffn.down.weight")) else 0.02
                    p.normal_(0.0, std)

    def forward(self, tokens):  # (B, T) int64 -> (B, T, V) fp32
        x = self.token_embd(tokens).to(self.compute_dtype)
        for block in self.blk:
            x = block(x)
        x = self.output_norm(x)
        logits = F.linear(x, self.token_embd.weight.to(x.dtype)) if self.output is None else project(self.output, x)
        return logits.float()


def step_by_step_loss(logits, labels, kinds, weights):
    """DistillLoss.Compute: cross-entropy per token, averaged over each target's tokens, mixed by weight."""
    per_token = F.cross_entropy(logits.view(-1, logits.shape[-1]), labels.view(-1), reduction="none")
    kinds = kinds.view(-1)
    total = torch.zeros((), device=logits.device)
    for target, weight in enumerate(weights):
        mask = kinds.eq(target).float()
        total = total + weight * (per_token * mask).sum() / mask.sum().clamp_min(1)
    return total


def learning_rate(step, a):
    """LearningRateSchedule.At: linear warmup to the peak, cosine to the minimum at the last step."""
    if step < a.warmup:
        return a.lr * (step + 1) / a.warmup
    progress = (step - a.warmup) / max(1, a.steps - a.warmup)
    return a.min_lr + 0.5 * (1 + math.cos(math.pi * progress)) * (a.lr - a.min_lr)


def matmul_peak(device):
    """Best of five 2048^3 fp32 matmuls, as bench-train.cs measures its MFU denominator."""
    n = 2048
    a, b = torch.randn(n, n, device=device), torch.randn(n, n, device=device)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        (a @ b)[0, 0].item()  # synchronise (CUDA)
        best = min(best, time.perf_counter() - start)
    return 2.0 * n ** 3 / best


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--preset", choices=sorted(PRESETS), default="tiny", help="shape; --dim etc. override it")
    p.add_argument("--dim", type=int), p.add_argument("--layers", type=int), p.add_argument("--heads", type=int)
    p.add_argument("--kv-heads", type=int), p.add_argument("--ff", type=int)
    p.add_argument("--vocab", type=int, default=259, help="259 = the byte tokenizer the trainer benchmark uses")
    p.add_argument("--untied", dest="tied", action="store_false", help="separate output head (default: tied)")
    p.add_argument("--rope-theta", type=float, default=10000.0)
    p.add_argument("--eps", type=float, default=1e-5)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seq", type=int, default=96, help="sequence length of every row")
    p.add_argument("--steps", type=int, default=500)
    p.add_argument("--warmup", type=int, help="steps left out of the timing (default min(50, steps/5), as bench-train)")
    p.add_argument("--targets", type=int, default=2, help="loss targets mixed: 2 = step-by-step (0.5/0.5), 1 = answer-only or cot")
    p.add_argument("--threads", type=int, default=0, help="torch.set_num_threads; 0 = torch's default")
    p.add_argument("--device", default="cpu", help="cpu | cuda | cuda:N")
    precision = p.add_mutually_exclusive_group()
    precision.add_argument("--bf16", action="store_true", help="bf16 activations, fp32 weights: the trainer's scheme")
    precision.add_argument("--bf16-autocast", action="store_true", help="torch.autocast(bfloat16) over fp32 activations")
    p.add_argument("--lr", type=float, default=2e-3), p.add_argument("--min-lr", type=float, default=2e-4)
    p.add_argument("--weight-decay", type=float, default=0.1), p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=1337)
    a = p.parse_args()
    embd, layers, heads, kv_heads = PRESETS[a.preset]
    a.dim, a.layers = a.dim or embd, a.layers or layers
    a.heads, a.kv_heads = a.heads or heads, a.kv_heads or kv_heads
    a.ff = a.ff or default_feed_forward(a.dim)
    a.warmup = min(50, a.steps // 5) if a.warmup is None else a.warmup
    if a.dim % a.heads or (a.dim // a.heads) % 2 or a.heads % a.kv_heads or a.warmup >= a.steps or a.targets < 1:
        p.error("need n_embd % n_head == 0, an even head size, n_head % n_head_kv == 0, warmup < steps, targets >= 1")
    return a


def main():
    a = parse()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        sys.exit(f"--device {a.device}: this PyTorch ({torch.__version__}) sees no CUDA device")
    peak = matmul_peak(device)
    torch.manual_seed(a.seed)
    model = Student(a, torch.bfloat16 if a.bf16 else torch.float32).to(device)
    parameters = sum(p.numel() for p in model.parameters())

    # DistillTrainer.CreateOptimizer: decay matrices only, not the embedding, norms or biases.
    named = list(model.named_parameters())
    decay = [p for n, p in named if p.dim() >= 2 and not n.startswith("token_embd")]
    rest = [p for n, p in named if p.dim() < 2 or n.startswith("token_embd")]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": a.weight_decay}, {"params": rest, "weight_decay": 0.0}],
                                  lr=a.lr, betas=(0.9, 0.95))

    # Random ids, made on the CPU and copied over each step as the trainer's collated batches are.
    generator = torch.Generator().manual_seed(a.seed)
    ids = [torch.randint(0, a.vocab, (a.batch, a.seq + 1), generator=generator) for _ in range(8)]
    pool = [(i[:, :-1].contiguous(), i[:, 1:].contiguous()) for i in ids]  # (inputs, next-token labels)
    kinds = (torch.arange(a.batch) % a.targets).view(-1, 1).expand(a.batch, a.seq).contiguous().to(device)  # each row's target
    weights = [1.0 / a.targets] * a.targets
    autocast = torch.autocast(device.type, dtype=torch.bfloat16, enabled=a.bf16_autocast)

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize(device)

    model.train()
    start = None
    for step in range(a.steps):
        if step == a.warmup:
            sync()
            start = time.perf_counter()
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, a)
        inputs, labels = (t.to(device) for t in pool[step % len(pool)])
        optimizer.zero_grad(set_to_none=True)
        with autocast:
            logits = model(inputs)
        loss = step_by_step_loss(logits.float(), labels, kinds, weights)
        loss.backward()
        if a.clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), a.clip)
        optimizer.step()
        if not math.isfinite(loss.item()):  # the trainer reads the loss every step too
            sys.exit(f"loss {loss.item()} at step {step + 1}")
    sync()
    seconds = time.perf_counter() - start
    timed = a.steps - a.warmup
    peak = max(peak, matmul_peak(device))  # best of before and after: the machine may be shared
    dtype = "bf16" if a.bf16 else "bf16-autocast" if a.bf16_autocast else "fp32"
    print(json.dumps({
        "tokens_per_second": round(timed * a.batch * a.seq / seconds, 1),
        "ms_per_step": round(1000 * seconds / timed, 3),
        "parameters": parameters,
        "steps": a.steps, "warmup": a.warmup, "batch": a.batch, "seq": a.seq,
        "dim": a.dim, "layers": a.layers, "heads": a.heads, "kv_heads": a.kv_heads, "ff": a.ff, "vocab": a.vocab, "tied": a.tied,
        "device": str(device), "dtype": dtype,
        "attention": "sdpa" if HAS_SDPA else "explicit",
        "threads": torch.get_num_threads(),
        "matmul_gflops": round(peak / 1e9, 1),
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
