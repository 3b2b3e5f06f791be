#!/usr/bin/env python3
# Writes the ONNX import test fixtures (test/fixtures/onnx/*.onnx) with a real exporter,
# torch.onnx.export, and torch's own outputs on a few inputs (expected.json), so the import test
# compares wasmprop with torch as well as with onnxruntime. Not run by the tests: the files it
# writes are committed. Needs torch and onnx (Debian: apt-get install python3-torch python3-onnx),
# run from the repository root: python3 scripts/make-onnx-fixtures.py
import json
import os

import onnx
import torch
from torch import nn

OUT = os.path.join('test', 'fixtures', 'onnx')
torch.manual_seed(13)


class Normalized(nn.Module):
    """(x − mean) · scale in forward (Sub, Mul), then Linear + ReLU + Linear: float64."""

    def __init__(self):
        super().__init__()
        self.register_buffer('mean', torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64))
        self.register_buffer('scale', torch.tensor([2.0, 0.25, 1.5], dtype=torch.float64))
        self.fc1 = nn.Linear(3, 5)
        self.fc2 = nn.Linear(5, 2)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1((x - self.mean) * self.scale)))


class MatMulAdd(nn.Module):
    """x @ W + b written out (MatMul + Add, W stored IN×OUT as Keras converters write it), softmax on dim −1."""

    def __init__(self):
        super().__init__()
        self.W = nn.Parameter(torch.randn(4, 3, dtype=torch.float64))
        self.b = nn.Parameter(torch.randn(3, dtype=torch.float64))
        self.hidden = nn.Linear(3, 4).double()

    def forward(self, x):
        h = torch.tanh(self.hidden(x.reshape(-1, 3)))
        return torch.softmax(h @ self.W + self.b, dim=-1)


class SigmoidGain(nn.Module):
    """sigmoid(2·net): Mul by a constant before Sigmoid (wasmprop's sigmoid gain alpha = 2)."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 3).double()

    def forward(self, x):
        return torch.sigmoid(2.0 * self.fc(x))


class TwoInputs(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)

    def forward(self, x, y):
        return self.fc(x + y)


MODELS = {
    # name: (module, input width, float64?)
    'relu-softmax': (nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3), nn.Softmax(dim=1)), 4, False),
    'sigmoid': (nn.Sequential(nn.Linear(3, 2), nn.Sigmoid()), 3, False),
    'tanh-leaky': (nn.Sequential(nn.Flatten(), nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 4), nn.LeakyReLU(0.1), nn.Linear(4, 2)), 3, False),
    'tanh-sigmoid-f64': (nn.Sequential(nn.Linear(3, 6), nn.Tanh(), nn.Linear(6, 2), nn.Sigmoid()).double(), 3, True),
    'normalized-f64': (Normalized().double(), 3, True),
    'matmul-add-f64': (MatMulAdd(), 3, True),
    'sigmoid-gain-f64': (SigmoidGain(), 2, True),
}


def export(module, args, path, input_names):
    module.eval()
    axes = {n: {0: 'N'} for n in input_names + ['output']}
    torch.onnx.export(module, args, path, input_names=input_names, output_names=['output'],
                      dynamic_axes=axes, opset_version=13)
    onnx.checker.check_model(onnx.load(path))


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {'producer': f'torch {torch.__version__}, onnx {onnx.__version__}, opset 13', 'models': {}}
    for name, (module, width, f64) in MODELS.items():
        dtype = torch.float64 if f64 else torch.float32
        x = (torch.randn(5, width, dtype=torch.float64) * 2).to(dtype)
        export(module, (x[:1],), os.path.join(OUT, f'{name}.onnx'), ['input'])
        with torch.no_grad():
            y = module(x)
        expected['models'][name] = {
            'dtype': 'float64' if f64 else 'float32',
            'inputs': x.double().tolist(),
            'outputs': y.double().tolist(),
        }
    # refused on import: a convolution, and a graph with two inputs
    export(nn.Sequential(nn.Conv1d(1, 2, 2), nn.Flatten(), nn.Linear(4, 2)), (torch.zeros(1, 1, 3),),
           os.path.join(OUT, 'conv.onnx'), ['input'])
    export(TwoInputs(), (torch.zeros(1, 3), torch.zeros(1, 3)), os.path.join(OUT, 'two-inputs.onnx'), ['x', 'y'])
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        # repr of a Python float is its shortest round-trip text: the doubles come back exactly
        json.dump(expected, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
